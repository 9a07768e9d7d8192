"""Follow-through in a real browser (Debian's Chromium through Playwright): a supervisor acknowledges a missed
deadline on the case page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from feedback.cases.models import Case
from feedback.sla import escalation
from feedback.sla.models import SlaBreach
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, served
from tests.helpers.cases import case_events, quick_case
from tests.helpers.staff import PASSWORD, make_user

pytestmark = pytest.mark.slow
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium", allow_module_level=True)


@pytest.fixture
def live_app(app):
    with served(app) as url:
        yield url


@pytest.fixture
def page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        yield tab
        browser.close()


def _sign_in(page, url: str, username: str) -> None:
    page.goto(url + "/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/inbox")


def test_a_supervisor_acknowledges_a_missed_deadline_with_the_action_taken(runtime, live_app, page):
    case_id = quick_case(runtime)
    with runtime.session() as session:
        case = session.get(Case, case_id)
        escalation.check(session, case_id, case.resolution_due_at + timedelta(minutes=1))
        reference = case.reference
    make_user(runtime, "zhao.sup", role="supervisor")
    _sign_in(page, live_app, "zhao.sup")

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
