"""The notification area: what needs an agent — assignments, citizens' replies, colleagues' notes, deadlines."""

from __future__ import annotations

import pytest

from feedback.cases import notifications
from feedback.sla import escalation
from tests.helpers.cases import text_in
from tests.helpers.staff import assign_by_hand, csrf_token, make_user, sign_in_with_form

URBAN = "urban_rural_construction"


@pytest.fixture(autouse=True)
def _agents_claim_cases_themselves(runtime):
    assign_by_hand(runtime)


def _post(client, path: str, data: dict | None = None):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, "/inbox")}, follow_redirects=True)


def _menu_count(client) -> str:
    page = client.get("/inbox").get_data(as_text=True)
    start = page.index('class="badge notice-count"')
    return page[page.index(">", start) + 1 : page.index("</span>", start)]


def test_an_agent_is_told_of_an_assignment_a_citizens_reply_and_a_supervisors_note(app, runtime, twilio):
    li = make_user(runtime, "li.agent", departments=(URBAN,))
    make_user(runtime, "boss", role="supervisor")
    case = text_in(app.test_client(), runtime)
    boss = app.test_client()
    sign_in_with_form(boss, "boss")
    _post(boss, f"/cases/{case.reference}/assign", {"assignee_id": li})
    _post(boss, f"/cases/{case.reference}/note", {"text": "请今天回电"})
    text_in(app.test_client(), runtime, body="怎么还没人来修？")
    agent = app.test_client()
    sign_in_with_form(agent, "li.agent")
    assert _menu_count(agent) == "3"
    page = agent.get("/notifications").get_data(as_text=True)
    for headline in (
        f"Case {case.reference} was assigned to you",
        f"A colleague left a note on case {case.reference}",
        f"The citizen wrote again on case {case.reference}",
    ):
        assert headline in page
    assert agent.get("/notifications/count.json").get_json() == {"unread": 3}


def test_marking_a_note_read_opens_its_case_and_lowers_the_count(app, runtime, twilio):
    li = make_user(runtime, "li.agent", departments=(URBAN,))
    make_user(runtime, "boss", role="supervisor")
    case = text_in(app.test_client(), runtime)
    boss = app.test_client()
    sign_in_with_form(boss, "boss")
    _post(boss, f"/cases/{case.reference}/assign", {"assignee_id": li})
    agent = app.test_client()
    sign_in_with_form(agent, "li.agent")
    with runtime.read_session() as session:
        [(note, _read)] = notifications.inbox_for(session, _staff(runtime, li))
    opened = _post(agent, f"/notifications/{note.id}/read", {"open": "1"})
    assert opened.request.path == f"/cases/{case.reference}"
    assert agent.get("/notifications/count.json").get_json() == {"unread": 0}
    assert "Nothing needs you right now." not in agent.get("/notifications").get_data(as_text=True)


def test_a_department_reminder_read_by_one_agent_stays_unread_for_a_colleague(app, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    make_user(runtime, "zhao.agent", departments=(URBAN,))
    case = text_in(app.test_client(), runtime)
    with runtime.session() as session:
        notifications.notify_role(session, "agent", case.department_id, "sla_reminder", "due soon", case.id)
    li, zhao = app.test_client(), app.test_client()
    sign_in_with_form(li, "li.agent")
    sign_in_with_form(zhao, "zhao.agent")
    assert f"A deadline is near on case {case.reference}" in li.get("/notifications").get_data(as_text=True)
    _post(li, "/notifications/read-all")
    assert li.get("/notifications/count.json").get_json() == {"unread": 0}
    assert zhao.get("/notifications/count.json").get_json() == {"unread": 1}


def test_another_departments_agent_is_told_nothing_and_cannot_mark_the_note(app, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    make_user(runtime, "env.agent", departments=("environment",))
    case = text_in(app.test_client(), runtime)
    with runtime.session() as session:
        note = notifications.notify_role(session, "agent", case.department_id, "sla_reminder", "due", case.id)
        session.flush()
        note_id = note.id
    outsider = app.test_client()
    sign_in_with_form(outsider, "env.agent")
    assert outsider.get("/notifications/count.json").get_json() == {"unread": 0}
    assert case.reference not in outsider.get("/notifications").get_data(as_text=True)
    refused = outsider.post(f"/notifications/{note_id}/read", data={"csrf_token": csrf_token(outsider, "/inbox")})
    assert refused.status_code == 404


def test_a_deadline_reminder_names_the_local_time_with_its_zone(app, runtime, twilio):
    from datetime import UTC, datetime

    from feedback.cases.models import Case
    from feedback.sla.models import CaseClock

    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(app.test_client(), runtime)
    with runtime.session() as session:
        row = session.get(Case, case.id)
        clock = session.get(CaseClock, case.id) or CaseClock(case_id=case.id)
        escalation.remind(session, row, clock, "resolution", datetime(2026, 12, 6, 23, 30, tzinfo=UTC))
    with runtime.read_session() as session:
        notes = notifications.for_staff(session, _staff(runtime, None, role="supervisor"), kind="sla_reminder")
    assert notes and all("2026-12-07 07:30 CST" in note.text for note in notes)


def _staff(runtime, user_id, role: str = "agent"):
    from web.sessions import load_staff

    if user_id is None:
        user_id = make_user(runtime, f"someone.{role}", role=role)
    with runtime.read_session() as session:
        return load_staff(session, user_id)
