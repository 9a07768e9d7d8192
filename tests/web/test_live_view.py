"""The supervisor's live view: the queue as it stands now — contacts waiting, the oldest unassigned case, cases by
department and status, who is signed in against their caps, call-backs, today's breaches, urgent cases."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session

from channels import intake
from channels.base import Contact
from core.clock import utcnow
from feedback.cases import actions
from feedback.cases.models import Case
from feedback.sla import escalation
from tests.helpers.cases import quick_case
from tests.helpers.staff import make_user, sign_in_with_cookie
from web import presence


def _case(runtime, case_id: int) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id)


def _panel(client) -> str:
    answer = client.get("/live/panel", headers={"Accept-Language": "en"})
    assert answer.status_code == 200
    return re.sub(r"\s+", " ", answer.get_data(as_text=True))


def _kpi(html: str, name: str) -> str:
    match = re.search(rf'id="{name}"[^>]*><b>([^<]*)</b>', html)
    assert match, name
    return match.group(1)


def test_the_live_view_shows_the_queue_now(client, runtime, monkeypatch):
    runtime.redis.delete(presence.KEY)
    monkeypatch.setattr(presence, "_noted", {})  # user ids start again in every test's database
    waiting = quick_case(runtime, text="村口的路灯坏了三天了", urn="tel:+8613800138001")
    urgent = quick_case(runtime, text="小区着火了，有人被困", urn="tel:+8613800138002")
    with runtime.session() as session:  # opened three hours ago, nobody has it
        session.get(Case, waiting).opened_at = utcnow() - timedelta(hours=3, minutes=5)
        session.get(Case, urgent).priority = "urgent"
    department = _case(runtime, urgent).department_id
    agent = make_user(runtime, "li.agent", departments=[department])
    with runtime.session() as session:
        actions.assign(session, session.get(Case, urgent), agent, "supervisor")
    with runtime.session() as session:
        case = session.get(Case, urgent)
        escalation.check(session, urgent, case.resolution_due_at + timedelta(minutes=1))
    intake.store(runtime.engine, [Contact("sms", "tel:+8613800138003", "SMlive1", "还没处理的短信", {})])
    sign_in_with_cookie(client, agent)
    client.get("/inbox")  # the agent has the inbox open

    sign_in_with_cookie(client, make_user(runtime, "zhao.sup", role="supervisor"))
    html = _panel(client)
    assert _kpi(html, "contacts-waiting") == "1"
    assert _kpi(html, "oldest-unassigned") == "3 h 5 min"
    assert _case(runtime, waiting).reference in html
    assert _kpi(html, "breaches") == "2" and "<strong>2</strong> not acknowledged" in html  # both clocks
    reference = _case(runtime, urgent).reference
    assert re.search(r'class="urgent-last-hour">.*' + reference, html)
    assert re.search(r"<tr class=\"agent\"><td>li.agent</td><td>agent</td><td>1</td><td>30</td></tr>", html)
    assert "Asia/Shanghai time" in html


def test_only_supervisors_see_the_live_view(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "li.agent"))
    assert client.get("/live").status_code == 403 and client.get("/live/panel").status_code == 403
