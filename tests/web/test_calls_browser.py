"""Live calls in a real browser (Debian's Chromium through Playwright): an agent makes themselves available while
a supervisor watches the board, and the caller's record pops up as the agent's phone rings, then the wrap-up."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from feedback.cases.models import Case
from staff.models import Department
from tests.helpers import fixture
from tests.helpers.browser import playwright_or_skip, served
from tests.helpers.calls import AgentPhone, Caller, DutyPhone, PlacedPhone, give_line
from tests.helpers.staff import make_user
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import work

pytestmark = pytest.mark.slow
playwright_or_skip()


@pytest.fixture
def settings(settings):
    return settings.with_overrides(live_calls=True)


@pytest.fixture
def live_app(app):
    with served(app) as url:
        yield url


def test_an_agent_becomes_available_and_the_supervisors_board_follows(runtime, live_app, signed_in):
    make_user(runtime, "wang")
    make_user(runtime, "boss", role="supervisor")
    give_line(runtime, make_user(runtime, "li"), None, available=False)
    board = signed_in(live_app, "boss")
    agent = signed_in(live_app, "wang")

    agent.click("nav >> text=My phone line")
    agent.wait_for_url("**/calls/line")
    agent.fill("input[name=phone]", "13911110001")
    agent.fill("input[name=queues]", "zh, en")
    agent.get_by_role("button", name="Save").click()
    agent.wait_for_selector("text=Saved.")
    board.goto(live_app + "/calls/board")
    board.wait_for_selector("body[data-live-state=open]")
    assert "Away" in board.locator("tr[data-agent=wang] td.presence").inner_text()

    agent.locator("form.presence-form").get_by_role("button", name="Available").click()

    assert agent.locator("strong.presence").inner_text() == "Available"
    board.wait_for_selector("tr[data-agent=wang] td.presence-available")  # reloaded on the news, no click
    assert "+8613911110001" in board.locator("tr[data-agent=wang]").inner_text()


def test_the_callers_record_pops_up_as_the_phone_rings_and_the_wrap_up_files_the_call(
    runtime, app, live_app, signed_in, twilio
):
    client = app.test_client()
    twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    work(runtime)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    agent_id = make_user(runtime, "wang", departments=[case.department_id])
    give_line(runtime, agent_id, "+8613911110001")
    agent = signed_in(live_app, "wang")
    agent.wait_for_selector("body[data-live-state=open]")

    caller = Caller(client, runtime, twilio)
    caller.press("0")
    work(runtime)
    phone = AgentPhone(caller)
    phone.status("ringing")

    agent.wait_for_url("**/calls/*")
    assert "Call from 13800138000" in agent.locator("h1").inner_text() or "8613800138000" in agent.inner_text("h1")
    assert case.reference in agent.locator("ul.open-cases").inner_text()
    assert agent.locator("ul.last-contacts li").count() >= 1

    phone.status("in-progress")
    phone.status("completed", 64)
    phone.dial_ends("completed", 64)
    agent.reload()
    agent.check("input[value=existing_case]")
    agent.select_option("select[name=reference]", case.reference)
    agent.fill("textarea[name=summary]", "询问路灯维修进度，已答复")
    agent.get_by_role("button", name="File the call").click()

    agent.wait_for_url(f"**/cases/{case.reference}")
    timeline = agent.locator("ol.timeline").inner_text()
    assert "Phone call answered by wang" in timeline and "talked 64 s" in timeline and "询问路灯维修进度" in timeline


def test_an_agent_transfers_the_caller_to_a_named_agent_whose_screen_pops_up(runtime, app, live_app, signed_in, twilio):
    client = app.test_client()
    give_line(runtime, make_user(runtime, "wang"), "+8613911110001")
    give_line(runtime, make_user(runtime, "li"), "+8613911110003", queues=("en",))
    first = signed_in(live_app, "wang")
    second = signed_in(live_app, "li")
    first.wait_for_selector("body[data-live-state=open]")
    second.wait_for_selector("body[data-live-state=open]")
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    work(runtime)
    phone = AgentPhone(caller)
    phone.status("ringing")
    phone.status("in-progress")
    first.wait_for_url("**/calls/*")
    first.reload()

    first.select_option("form.transfer-agent-form select[name=agent_id]", label="li")
    first.locator("form.transfer-agent-form").get_by_role("button", name="Transfer").click()

    first.wait_for_selector("text=li's phone is ringing for the caller.")
    AgentPhone(caller).status("ringing")  # li's phone rings: their screen pops up with the call
    second.wait_for_url("**/calls/*")
    assert "transferred to agent li" in second.locator("p.transfers").inner_text()


def test_an_agent_brings_in_a_duty_phone_and_the_call_page_shows_it_was_not_answered(
    runtime, app, live_app, signed_in, twilio
):
    client = app.test_client()
    with Session(runtime.engine) as session:
        department = session.exec(select(Department).where(Department.code == "environment")).one()
        department.duty_phone = "+8613700001111"
        session.add(department)
        session.commit()
    give_line(runtime, make_user(runtime, "wang"), "+8613911110001")
    agent = signed_in(live_app, "wang")
    agent.wait_for_selector("body[data-live-state=open]")
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    work(runtime)
    phone = AgentPhone(caller)
    phone.status("ringing")
    phone.status("in-progress")
    agent.wait_for_url("**/calls/*")
    agent.reload()

    agent.select_option("form.duty-phone-form select[name=department_id]", label="Environmental Protection")
    agent.get_by_role("button", name="Call the duty phone").click()

    agent.wait_for_selector("text=The duty phone of Environmental Protection is ringing")
    agent.wait_for_selector("body[data-live-state=open]")
    phone.dial_ends("completed", 20)  # the caller follows the agent into the conference room
    duty = DutyPhone(caller)
    duty.status("initiated")
    duty.status("ringing")
    agent.wait_for_selector("li[data-duty-state=ringing]")  # the page followed the news, no click
    agent.wait_for_selector("body[data-live-state=open]")
    duty.status("no-answer")
    agent.wait_for_selector("li[data-duty-state=unanswered]")
    assert "did not answer" in agent.locator("ul.duty-calls").inner_text()
    assert agent.locator("form.duty-phone-form").count() == 1  # still talking: another try is offered


def test_a_warm_transfer_from_the_call_page_pops_up_for_the_other_agent_and_hands_the_caller_over(
    runtime, app, live_app, signed_in, twilio
):
    client = app.test_client()
    give_line(runtime, make_user(runtime, "wang"), "+8613911110001")
    give_line(runtime, make_user(runtime, "li"), "+8613911110003", queues=("en",))
    first = signed_in(live_app, "wang")
    second = signed_in(live_app, "li")
    first.wait_for_selector("body[data-live-state=open]")
    second.wait_for_selector("body[data-live-state=open]")
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    work(runtime)
    phone = AgentPhone(caller)
    phone.status("ringing")
    phone.status("in-progress")
    first.wait_for_url("**/calls/*")
    first.reload()

    first.select_option("form.warm-transfer-form select[name=agent_id]", label="li")
    first.locator("form.warm-transfer-form").get_by_role("button", name="Talk first").click()

    first.wait_for_selector("text=li's phone is ringing; the caller is on hold.")
    assert first.locator("form.consult-complete-form").count() == 0  # li has not answered
    first.wait_for_selector("body[data-live-state=open]")
    phone.dial_ends("completed", 30)  # the caller goes to the hold room
    li_phone = PlacedPhone(caller)
    li_phone.status("ringing")  # li's screen pops up with the call
    second.wait_for_url("**/calls/*")
    first.wait_for_selector("section.on-hold[data-consult-state=ringing]")  # wang's page followed the ringing
    first.wait_for_selector("body[data-live-state=open]")
    li_phone.status("in-progress")
    first.wait_for_selector("form.consult-complete-form")  # wang's page followed li answering
    first.locator("form.consult-complete-form").get_by_role("button", name="Hand the caller over").click()

    first.wait_for_selector("text=The caller is now with li.")
    second.reload()
    assert "transferred to agent li" in second.locator("p.transfers").inner_text()
    assert second.locator("form.wrapup-form").count() == 1
