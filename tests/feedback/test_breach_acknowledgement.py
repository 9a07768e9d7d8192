"""督办: a missed deadline reaches the assignee, the supervisors and the department head, must be acknowledged with
a note of the action taken, and climbs to the hotline centre when nobody does; the chain is on the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback.cases import actions
from feedback.cases.models import Case, StaffNotification
from feedback.sla import breaches, escalation
from feedback.sla.models import SlaBreach
from jobs import deadlines
from jobs import outbound as outbound_jobs
from staff.models import Department
from tests.helpers.cases import case_events, quick_case
from tests.helpers.staff import make_user, sign_in_with_cookie

HEAD = "+8613911112222"


def _breached_case(runtime, head: str | None = HEAD) -> tuple[int, int]:
    """A case assigned to an agent that has just missed both deadlines; return (case id, agent id)."""
    case_id = quick_case(runtime)
    department = _case(runtime, case_id).department_id
    agent = make_user(runtime, "wang.agent", departments=[department])
    with runtime.session() as session:
        case = session.get(Case, case_id)
        session.get(Department, case.department_id).head_contact = head
        actions.assign(session, case, agent, "supervisor")
    with runtime.session() as session:
        case = session.get(Case, case_id)
        escalation.check(session, case_id, case.resolution_due_at + timedelta(minutes=1))
    return case_id, agent


def _case(runtime, case_id: int) -> Case:
    with Session(runtime.engine, expire_on_commit=False) as session:
        return session.get(Case, case_id)


def _notes(runtime, *kinds: str) -> list[StaffNotification]:
    with Session(runtime.engine) as session:
        query = select(StaffNotification).where(col(StaffNotification.kind).in_(kinds))
        return list(session.exec(query.order_by(col(StaffNotification.id))))


def _breaches(runtime) -> list[SlaBreach]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(SlaBreach).order_by(col(SlaBreach.id))))


def test_a_breach_reaches_the_assignee_the_supervisors_and_the_department_head_by_sms(runtime, twilio):
    case_id, agent = _breached_case(runtime)
    outbound_jobs.drain()
    notes = _notes(runtime, "sla_breach")
    assert {n.user_id for n in notes if n.user_id} == {agent}
    assert {(n.role, n.department_id) for n in notes if n.role} == {("supervisor", notes[0].department_id)}
    texts = [m["body"] for m in twilio.wait_for(2) if m["to"] == HEAD]
    assert len(texts) == 2 and all("当地时间" in t and "local time" in t for t in texts)
    announced = [e for e in case_events(runtime, case_id) if e.kind == "breach_announced"]
    assert [e.detail["head"] for e in announced] == [f"tel:{HEAD}"] * 2


def test_an_unacknowledged_breach_climbs_to_the_hotline_centre_after_the_configured_time(runtime, twilio):
    case_id, _agent = _breached_case(runtime, head=None)
    [first, second] = _breaches(runtime)
    with runtime.session() as session:
        breaches.acknowledge(session, session.get(Case, case_id), first.id, "已电话联系承办人，今日处理", "zhao.sup")
    minutes = runtime.settings.breach_escalation_minutes
    wait = timedelta(minutes=minutes)
    with runtime.session() as session:
        assert breaches.escalate_due(session, second.breached_at + wait - timedelta(minutes=1), wait) == 0
    with runtime.session() as session:
        later = second.breached_at + wait + timedelta(minutes=1)
        assert breaches.escalate_due(session, later, wait) == 1
        assert breaches.escalate_due(session, later + timedelta(days=1), wait) == 0  # already at the top level
    levels = [b.escalation_level for b in _breaches(runtime)]
    assert levels == [1, 2]  # the acknowledged one stayed where it was
    [note] = _notes(runtime, "sla_escalated")
    assert (note.role, note.department_id, note.case_id) == ("admin", None, case_id)
    kinds = [e.kind for e in case_events(runtime, case_id)]
    assert kinds.count("breach_escalated") == 1 and kinds.count("breach_acknowledged") == 1


def test_the_periodic_job_escalates_with_the_setting(runtime):
    _breached_case(runtime, head=None)
    with runtime.session() as session:  # both breaches happened two hours ago
        for breach in session.exec(select(SlaBreach)):
            breach.breached_at = utcnow() - timedelta(hours=2)
    assert deadlines.escalate_breaches() == 2
    assert {b.escalation_level for b in _breaches(runtime)} == {2}


def test_acknowledging_needs_a_note_and_takes_the_alerts_off_everyones_list(runtime):
    case_id, _agent = _breached_case(runtime, head=None)
    first, second = _breaches(runtime)
    with runtime.session() as session:
        case = session.get(Case, case_id)
        with pytest.raises(breaches.AcknowledgementError):
            breaches.acknowledge(session, case, first.id, "   ", "zhao.sup")
    with Session(runtime.engine) as session:
        assert breaches.count_unacknowledged(session) == 2
    with runtime.session() as session:
        case = session.get(Case, case_id)
        breaches.acknowledge(session, case, first.id, "已督促", "zhao.sup")
        breaches.acknowledge(session, case, second.id, "已督促承办单位今日办结", "zhao.sup")
        with pytest.raises(breaches.AcknowledgementError):
            breaches.acknowledge(session, case, second.id, "again", "zhao.sup")
    with Session(runtime.engine) as session:
        assert breaches.count_unacknowledged(session) == 0
    assert all(n.read_at is not None for n in _notes(runtime, "sla_breach"))
    done = [e for e in case_events(runtime, case_id) if e.kind == "breach_acknowledged"]
    assert [(e.actor, e.detail["note"]) for e in done] == [
        ("zhao.sup", "已督促"),
        ("zhao.sup", "已督促承办单位今日办结"),
    ]


def _dashboard(client) -> str:
    return client.get("/dashboard/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def _acknowledge(client, reference: str, breach_id, note: str = "已联系市民，明日上门"):
    form = {"breach_id": str(breach_id), "note": note}
    return client.post(f"/cases/{reference}/acknowledge", data=form, headers={"Accept-Language": "en"})


def test_the_assignee_acknowledges_on_the_case_page_and_the_dashboard_count_drops(app, client, runtime):
    app.config["WTF_CSRF_ENABLED"] = False
    case_id, agent = _breached_case(runtime, head=None)
    reference = _case(runtime, case_id).reference
    supervisor = make_user(runtime, "zhao.sup", role="supervisor")
    sign_in_with_cookie(client, supervisor)
    assert "<b>2</b>missed deadlines nobody has acknowledged" in _dashboard(client)
    sign_in_with_cookie(client, agent)
    page = client.get(f"/cases/{reference}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Missed deadlines to acknowledge" in page and "Asia/Shanghai time" in page
    first, _second = _breaches(runtime)
    assert _acknowledge(client, reference, first.id).status_code == 302
    assert _acknowledge(client, reference, "x").status_code == 302  # refused with a message, not a 500
    sign_in_with_cookie(client, supervisor)
    assert "<b>1</b>missed deadlines nobody has acknowledged" in _dashboard(client)
    assert _breaches(runtime)[0].acknowledged_by == "wang.agent"


def test_an_agent_who_does_not_hold_the_case_cannot_acknowledge_and_other_departments_get_404(app, client, runtime):
    app.config["WTF_CSRF_ENABLED"] = False
    case_id, _agent = _breached_case(runtime, head=None)
    case = _case(runtime, case_id)
    colleague = make_user(runtime, "li.colleague", departments=[case.department_id])
    with Session(runtime.engine) as session:
        other = session.exec(select(Department.id).where(Department.id != case.department_id)).first()
    stranger = make_user(runtime, "chen.elsewhere", departments=[other])
    first, _second = _breaches(runtime)
    sign_in_with_cookie(client, colleague)
    _acknowledge(client, case.reference, first.id)
    sign_in_with_cookie(client, stranger)
    assert _acknowledge(client, case.reference, first.id).status_code == 404
    assert _breaches(runtime)[0].acknowledged_at is None


def test_an_integration_acknowledges_through_the_api_as_the_openapi_description_says(client, runtime):
    import jsonschema

    case_id, _agent = _breached_case(runtime, head=None)
    reference = _case(runtime, case_id).reference
    first, second = _breaches(runtime)
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    path = f"/api/cases/{reference}/breaches/{first.id}/acknowledgement"
    assert client.post(path, json={"note": " "}, headers=bearer).status_code == 400
    done = client.post(path, json={"note": "已督办，明日办结"}, headers=bearer)
    assert done.status_code == 201
    spec = client.get("/api/openapi.json").get_json()
    schema = {"$ref": "#/components/schemas/Acknowledgement", "components": spec["components"]}
    jsonschema.Draft202012Validator(schema).validate(done.get_json())
    again = client.post(path, json={"note": "again"}, headers=bearer)
    assert again.status_code == 400 and "already acknowledged" in again.get_json()["error"]
    elsewhere = f"/api/cases/000000000/breaches/{second.id}/acknowledgement"
    assert client.post(elsewhere, json={"note": "x"}, headers=bearer).status_code == 404
    assert [b.acknowledged_by for b in _breaches(runtime)] == ["api", None]
