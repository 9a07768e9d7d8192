"""Follow-through in a real browser (Debian's Chromium through Playwright): a supervisor acknowledges a missed
deadline on the case page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from feedback.cases.models import Case
from feedback.sla import escalation
from feedback.sla.models import SlaBreach
from tests.helpers.browser import playwright_or_skip, served, sign_in
from tests.helpers.cases import case_events, quick_case
from tests.helpers.staff import make_user

pytestmark = pytest.mark.slow
sync_api = playwright_or_skip()


@pytest.fixture
def live_app(app):
    with served(app) as url:
        yield url


def test_a_supervisor_acknowledges_a_missed_deadline_with_the_action_taken(runtime, live_app, page):
    case_id = quick_case(runtime)
    with runtime.session() as session:
        case = session.get(Case, case_id)
        escalation.check(session, case_id, case.resolution_due_at + timedelta(minutes=1))
        reference = case.reference
    make_user(runtime, "zhao.sup", role="supervisor")
    sign_in(page, live_app, "zhao.sup")

    page.goto(f"{live_app}/cases/{reference}")
    box = page.locator("section.breaches")
    assert box.locator("form.breach").count() == 2
    assert "Asia/Shanghai time" in box.inner_text()
    first = box.locator("form.breach").first
    first.locator("textarea[name=note]").fill("已电话督促承办人，今天下班前办结")
    first.get_by_role("button", name="Acknowledge").click()
    page.wait_for_selector("text=Acknowledged: the missed deadline leaves the alerts")
    assert page.locator("section.breaches form.breach").count() == 1
    assert "Missed deadline acknowledged: 已电话督促承办人，今天下班前办结" in page.locator("ol.timeline").inner_text()

    with Session(runtime.engine) as session:
        acknowledged = session.exec(select(SlaBreach).where(SlaBreach.acknowledged_by == "zhao.sup")).all()
    assert len(acknowledged) == 1
    assert [e.kind for e in case_events(runtime, case_id)].count("breach_acknowledged") == 1


def test_an_agent_works_the_call_back_list_and_the_last_failed_try_texts_the_caller(
    client, runtime, live_app, page, twilio
):
    from feedback.callbacks.models import CallbackRequest
    from tests.helpers.twilio import CITIZEN, call_step, voice_fixture
    from tests.helpers.worker import work

    menu = voice_fixture("gather_menu_key", Digits="2")
    call_step(client, runtime.settings, "menu", menu, lang="zh")
    work(runtime)
    make_user(runtime, "zhao.sup", role="supervisor")
    sign_in(page, live_app, "zhao.sup")

    page.get_by_role("link", name="Call-backs").click()
    row = page.locator("tr.callback")
    assert row.count() == 1 and CITIZEN in row.inner_text() and "now" in row.inner_text()
    for outcome in ("No answer", "Busy", "No answer"):
        page.locator("tr.callback select[name=outcome]").select_option(label=outcome)
        page.locator("tr.callback input[name=note]").fill("响铃无人接")
        with page.expect_navigation():
            page.get_by_role("button", name="Record try").click()
    assert "That was the last try" in page.content()
    assert page.locator("tr.callback").count() == 0 and "Nobody is waiting for a call back." in page.content()
    work(runtime)
    assert any("未能接通" in m["body"] for m in twilio.wait_for(2) if m["to"] == CITIZEN)
    with Session(runtime.engine) as session:
        [request] = session.exec(select(CallbackRequest)).all()
    assert (request.status, request.tries) == ("gave_up", 3)


def test_the_live_view_updates_by_itself_when_a_contact_arrives(app, runtime, live_app, page, monkeypatch):
    from channels import intake
    from channels.base import Contact
    from web import presence

    monkeypatch.setattr(presence, "_noted", {})  # user ids start again in every test's database
    app.config["LIVE_REFRESH_MS"] = 300
    make_user(runtime, "zhao.sup", role="supervisor")
    sign_in(page, live_app, "zhao.sup")
    page.locator("nav summary", has_text="Supervision").click()
    page.get_by_role("link", name="Live view").click()
    assert page.locator("#contacts-waiting b").inner_text() == "0"
    assert "zhao.sup" in page.locator("table.agents").inner_text()  # the supervisor is signed in

    intake.store(runtime.engine, [Contact("sms", "tel:+8613800138009", "SMlive-browser", "路灯坏了", {})])
    sync_api.expect(page.locator("#contacts-waiting b")).to_have_text("1", timeout=5_000)
