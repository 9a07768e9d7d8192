"""Departments working one case, in a real browser (Debian's Chromium through Playwright) against a served install:
the lead adds an assisting department, the assistant posts its part, the lead resolves; a department returns a
case, the centre sends it back, and a second return is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis
from sqlmodel import Session, select

from core.clock import utcnow
from core.runtime import install
from feedback.cases.models import Case
from tests.helpers.browser import installed_hotline, playwright_or_skip, served
from tests.helpers.cases import text_in
from tests.helpers.staff import assign_by_hand, department_id, make_user

DRAINS = "urban_rural_construction"

pytestmark = pytest.mark.slow
playwright_or_skip()


@pytest.fixture(scope="module")
def hotline(tmp_path_factory, redis_url):
    """A migrated SQLite install with agents of transport (the lead) and urban construction, and a supervisor."""
    redis.Redis.from_url(redis_url).flushdb()
    with installed_hotline(tmp_path_factory.mktemp("collab"), redis_url) as (runtime, state):
        from app import create_app

        app = create_app(runtime=runtime)
        make_user(runtime, "tr.agent", departments=("transport",), language="en")
        make_user(runtime, "cj.agent", departments=(DRAINS,), language="en")
        make_user(runtime, "centre.sup", role="supervisor", language="en")
        assign_by_hand(runtime)
        with served(app) as url:
            yield {"runtime": runtime, "app": app, "url": url, "twilio": state}
    redis.Redis.from_url(redis_url).flushdb()


def _transport_case(hotline, body: str, sender: str, sid: str) -> str:
    """A citizen texts in; the case is put in transport, with a report's statutory limit weeks away."""
    runtime = hotline["runtime"]
    install(runtime)
    case = text_in(hotline["app"].test_client(), runtime, body=body, sender=sender, sid=sid)
    transport = department_id(runtime, "transport")
    with runtime.session() as session:
        row = session.get(Case, case.id)
        row.department_id = transport
        session.add(row)
    with runtime.session() as session:
        row = session.get(Case, case.id)
        row.resolution_due_at = utcnow() + timedelta(days=30)
        session.add(row)
    return case.reference


def _status(hotline, reference: str) -> Case:
    with Session(hotline["runtime"].engine) as session:
        return session.exec(select(Case).where(Case.reference == reference)).one()


def test_an_assistant_is_added_posts_its_part_and_only_then_the_lead_resolves(signed_in, hotline):
    reference = _transport_case(hotline, "村口的路塌了一半，下水道也堵了", "+8613800138101", "SM" + "a" * 32)
    lead = signed_in(hotline["url"], "tr.agent")
    lead.goto(f"{hotline['url']}/cases/{reference}")
    lead.click("#add-assistant summary")
    lead.select_option("#add-assistant select[name=department_id]", str(department_id(hotline["runtime"], DRAINS)))
    lead.fill("#add-assistant textarea[name=text]", "Clear the blocked drain under the road")
    lead.fill("#add-assistant input[name=working_days]", "2")
    lead.click("#add-assistant button[type=submit]")
    lead.locator(".flash.ok").wait_for()
    assert lead.locator(".assist-task.status-open").count() == 1

    lead.fill("#reply-text", "The road is repaired.")
    lead.click("#send-resolve")
    assert "assisting tasks are open" in lead.locator(".flash.error").inner_text()
    assert _status(hotline, reference).status != "resolved"

    assistant = signed_in(hotline["url"], "cj.agent")
    assistant.goto(f"{hotline['url']}/inbox?folder=assisting")
    assistant.locator(f"tr[data-reference='{reference}'] a").click()
    assistant.wait_for_url(f"**/cases/{reference}")
    assert assistant.locator(".toolbar").count() == 0  # an assistant does not move or reassign the case
    assistant.fill(".assist-done textarea[name=part]", "Drain cleared on Tuesday; the pipe was not broken.")
    assistant.click(".assist-done button[type=submit]")
    assistant.wait_for_url("**/inbox")  # the task is done: the case leaves their view
    assert assistant.goto(f"{hotline['url']}/cases/{reference}").status == 404

    lead.goto(f"{hotline['url']}/cases/{reference}")
    assert "Drain cleared on Tuesday" in lead.locator(".assist-task.status-done .assist-part").inner_text()
    lead.fill("#reply-text", "The road is repaired and the drain cleared.")
    lead.click("#send-resolve")
    lead.locator(".flash.ok").wait_for()
    assert _status(hotline, reference).status == "resolved"


def test_a_return_is_arbitrated_back_to_the_department_and_a_second_return_is_refused(signed_in, hotline):
    reference = _transport_case(hotline, "河道里漂着很多死鱼", "+8613800138102", "SM" + "b" * 32)
    lead = signed_in(hotline["url"], "tr.agent")
    lead.goto(f"{hotline['url']}/cases/{reference}")
    lead.click("#return-case summary")
    lead.select_option("#return-case select[name=reason_code]", "not_our_remit")
    lead.fill("#return-case textarea[name=text]", "River pollution is for environmental protection")
    lead.click("#return-case button[type=submit]")
    lead.locator(".flash.ok").wait_for()
    assert lead.locator(".arbitration-waiting").count() == 1

    supervisor = signed_in(hotline["url"], "centre.sup")
    supervisor.goto(f"{hotline['url']}/inbox?folder=arbitration")
    supervisor.locator(f"tr[data-reference='{reference}'] a").click()
    supervisor.wait_for_url(f"**/cases/{reference}")
    supervisor.fill("form.arbitrate input[name=reason]", "The drains along the road are the transport bureau's")
    supervisor.click("form.arbitrate button[type=submit]")
    supervisor.locator(".flash.ok").wait_for()
    assert "stays with" in supervisor.locator(".return.status-rejected .decision").inner_text()
    supervisor.goto(f"{hotline['url']}/inbox?folder=arbitration")
    assert supervisor.locator(f"tr[data-reference='{reference}']").count() == 0

    lead.goto(f"{hotline['url']}/cases/{reference}")
    lead.click("#return-case summary")
    lead.fill("#return-case textarea[name=text]", "Still not ours")
    lead.click("#return-case button[type=submit]")
    assert "cannot be returned again" in lead.locator(".flash.error").inner_text()
    assert _status(hotline, reference).department_id == department_id(hotline["runtime"], "transport")
