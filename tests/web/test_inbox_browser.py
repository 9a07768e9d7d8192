"""The inbox in a real browser (Debian's Chromium through Playwright) against a real server thread.

One browser and one server for the module; cases arrive as signed Twilio webhooks and go through
the real rq worker; replies reach the local Twilio stand-in.
"""

from __future__ import annotations

import pytest
import redis
from sqlmodel import delete

from core.runtime import install
from feedback.cases import canned
from router.model import published
from router.model.models import ModelVersion
from tests.helpers.browser import installed_hotline, playwright_or_skip, served, sign_in
from tests.helpers.cases import text_in
from tests.helpers.routing import UNSURE, install_small_model
from tests.helpers.staff import assign_by_hand, department_id, make_user
from tests.helpers.worker import work

URBAN = "urban_rural_construction"

pytestmark = pytest.mark.slow
VIEWPORT = (1280, 800)
sync_api = playwright_or_skip()


@pytest.fixture(scope="module")
def hotline(tmp_path_factory, redis_url):
    """A migrated SQLite install, a local Twilio API and the app served on a free port."""
    redis.Redis.from_url(redis_url).flushdb()
    with installed_hotline(tmp_path_factory.mktemp("browser"), redis_url) as (runtime, state):
        from app import create_app

        app = create_app(runtime=runtime)
        app.config["INBOX_POLL_MS"] = 300
        make_user(runtime, "li.agent", departments=(URBAN,), language="en")
        make_user(runtime, "env.agent", departments=("environment",), language="en")
        assign_by_hand(runtime)
        with runtime.session() as session:
            canned.save(session, "Repair scheduled", "en", "A repair team is scheduled; we will text you when done.")
        with served(app) as url:
            yield {"runtime": runtime, "app": app, "url": url, "twilio": state}
    redis.Redis.from_url(redis_url).flushdb()


def _receive(hotline, body: str, sender: str, sid: str):
    install(hotline["runtime"])
    return text_in(hotline["app"].test_client(), hotline["runtime"], body=body, sender=sender, sid=sid)


def _more_cases(hotline) -> None:
    from sqlmodel import Session

    from router.identity.models import Citizen

    water = _receive(hotline, "小区停水两天了，物业也不管", "+8613900139001", "SM" + "2" * 32)
    _receive(hotline, "The road to the school has a deep pothole", "+447700900123", "SM" + "6" * 32)
    with Session(hotline["runtime"].engine) as session:
        urgent = session.merge(water)
        urgent.priority = "urgent"
        session.get(Citizen, urgent.citizen_id).name = "王秀英"
        session.commit()


def test_an_agent_sees_a_new_text_arrive_opens_it_and_replies_by_sms(page, hotline):
    sign_in(page, hotline["url"], "li.agent")
    page.goto(hotline["url"] + "/inbox?folder=unassigned")
    case = _receive(hotline, "村口的路灯坏了三天了", "+8613800138000", "SM" + "1" * 32)
    row = page.locator(f"tr[data-reference='{case.reference}']")
    row.wait_for()  # no reload: the page's poll brought it in
    _more_cases(hotline)
    page.locator("tr[data-reference]").nth(2).wait_for()
    row.locator("a").click()
    page.wait_for_url(f"**/cases/{case.reference}")
    page.select_option("#canned", label="[en] Repair scheduled")  # case.js drops it into the reply box
    assert page.input_value("#reply-text").startswith("A repair team is scheduled")
    page.fill("#reply-text", "Our team will repair the street light tomorrow morning.")
    page.click("button[name=send]")
    page.locator(".flash.ok").wait_for()
    install(hotline["runtime"])
    work(hotline["runtime"])
    sent = hotline["twilio"].wait_for(3)
    assert any(m["body"] == "Our team will repair the street light tomorrow morning." for m in sent)
    page.reload()
    page.locator(".msg-out .delivery-sent").last.wait_for()


def test_a_transferred_case_leaves_the_agents_folder(page, hotline):
    case = _receive(hotline, "路边的井盖丢了", "+8613800138002", "SM" + "3" * 32)
    sign_in(page, hotline["url"], "li.agent")
    folder = f"dept:{department_id(hotline['runtime'], URBAN)}"
    page.goto(f"{hotline['url']}/inbox?folder={folder}")
    assert page.locator(f"tr[data-reference='{case.reference}']").count() == 1
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    page.click("#tool-transfer summary")  # the toolbar's Transfer opens its small form
    page.select_option("#tool-transfer select[name=department_id]", label="Environmental Protection")
    page.fill("#tool-transfer input[name=reason]", "This is a pollution complaint")
    page.click("#tool-transfer button[type=submit]")
    page.wait_for_url("**/inbox")
    page.goto(f"{hotline['url']}/inbox?folder={folder}")
    assert page.locator(f"tr[data-reference='{case.reference}']").count() == 0
    assert page.goto(f"{hotline['url']}/cases/{case.reference}").status == 404


def test_an_agent_cannot_open_another_departments_case(page, hotline):
    case = _receive(hotline, "路灯又坏了", "+8613800138003", "SM" + "4" * 32)
    sign_in(page, hotline["url"], "env.agent")
    assert page.goto(f"{hotline['url']}/cases/{case.reference}").status == 404
    page.goto(hotline["url"] + "/inbox?folder=unassigned")
    assert page.locator(f"tr[data-reference='{case.reference}']").count() == 0


def test_a_script_sent_by_a_citizen_does_not_run_in_the_agents_browser(page, hotline):
    attack = '路灯<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    case = _receive(hotline, attack, "+8613800138004", "SM" + "5" * 32)
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert "<script>window.pwned = 1</script>" in page.locator(".msg-in .text").first.inner_text()
    page.goto(hotline["url"] + "/inbox?folder=unassigned")
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_a_supervisor_routes_a_triage_case_with_one_click_on_the_routers_guess(page, hotline):

    runtime = hotline["runtime"]
    install_small_model(runtime)
    try:
        case = _receive(hotline, UNSURE, "+8613800138005", "SM" + "7" * 32)
        assert case.department_id == department_id(runtime, "triage")
        make_user(runtime, "wang.supervisor", role="supervisor", language="en")
        sign_in(page, hotline["url"], "wang.supervisor")
        page.goto(f"{hotline['url']}/cases/{case.reference}")
        guesses = page.locator(".suggestions button.suggestion")
        assert guesses.count() == 3
        assert guesses.first.inner_text().startswith("Send to Urban")
        guesses.first.click()
        page.locator(".flash.ok").wait_for()
        assert page.locator(".case-facts .department").inner_text().startswith("Urban")
        assert page.locator(".suggestions").count() == 0
    finally:
        with runtime.session() as session:  # the next tests of this module route without a model again
            session.exec(delete(ModelVersion))
        published.forget(runtime)
