"""Assisted intake stays within the recording agent's departments, names the agent, and keeps the citizen's name."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback.cases.models import Case, CaseEvent
from router.identity.models import Citizen
from tests.helpers.cases import quick_case
from tests.helpers.staff import assign_by_hand, csrf_token, department_id, make_user, sign_in_with_form
from tests.helpers.twilio import CITIZEN
from tests.helpers.worker import work


@pytest.fixture(autouse=True)
def _agents_claim_cases_themselves(runtime):
    assign_by_hand(runtime)


def _environment_case(runtime, status: str) -> int:
    """The citizen 王五's case in environment protection: open, or resolved yesterday."""
    case_id, environment = quick_case(runtime, "河道有死鱼，我叫王五"), department_id(runtime, "environment")
    with Session(runtime.engine) as session:
        case = session.get(Case, case_id)
        case.department_id = environment
        case.status = status
        case.resolved_at = utcnow() if status == "resolved" else None
        session.get(Citizen, case.citizen_id).name = "王五"
        session.commit()
    return case_id


def _record(client, runtime, username: str, name: str = "张三") -> None:
    sign_in_with_form(client, username)
    form = {"channel": "phone", "phone": CITIZEN, "name": name, "text": "公交站牌被风吹倒了",
            "csrf_token": csrf_token(client, "/intake")}  # fmt: skip
    assert client.post("/intake", data=form).status_code == 302
    work(runtime)


def _state(runtime, case_id: int):
    with Session(runtime.engine) as session:
        case = session.get(Case, case_id)
        cases = list(session.exec(select(Case).order_by(col(Case.id))))
        events = list(session.exec(select(CaseEvent).order_by(col(CaseEvent.id))))
        return case, cases, events, session.get(Citizen, case.citizen_id).name


def test_an_agent_recording_another_departments_citizen_does_not_reopen_their_resolved_case(client, runtime, twilio):
    env_case = _environment_case(runtime, "resolved")
    make_user(runtime, "tr.agent", departments=("transport",))
    _record(client, runtime, "tr.agent")
    case, cases, events, name = _state(runtime, env_case)
    assert case.status == "resolved" and len(cases) == 2  # a case of its own instead
    assert [e.kind for e in events if e.case_id == env_case and e.created_at > case.resolved_at] == []
    [opened] = [e for e in events if e.case_id == cases[1].id and e.kind == "opened"]
    assert opened.actor == "tr.agent"  # not "citizen", not "system"
    assert name == "王五"  # the typed name does not replace the one on record


def test_an_agent_recording_another_departments_citizen_does_not_join_their_open_case(client, runtime, twilio):
    env_case = _environment_case(runtime, "in_progress")
    make_user(runtime, "tr.agent", departments=("transport",))
    _record(client, runtime, "tr.agent")
    _case, cases, events, _name = _state(runtime, env_case)
    assert len(cases) == 2 and [e for e in events if e.case_id == env_case and e.kind == "message_added"] == []


def test_an_agent_of_the_same_department_adds_the_call_to_the_open_case_in_their_name(client, runtime, twilio):
    env_case = _environment_case(runtime, "in_progress")
    make_user(runtime, "env.agent", departments=("environment",))
    _record(client, runtime, "env.agent")
    _case, cases, events, name = _state(runtime, env_case)
    assert len(cases) == 1
    [added] = [e for e in events if e.case_id == env_case and e.kind == "message_added"]
    assert added.actor == "env.agent" and name == "王五"


def test_the_agent_who_took_the_call_keeps_the_case_in_mine_after_it_is_transferred(client, runtime, twilio):
    make_user(runtime, "tr.agent", departments=("transport",))
    _record(client, runtime, "tr.agent")
    environment = department_id(runtime, "environment")
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        case.department_id = environment  # another department works it now
        session.add(case)
        session.commit()
        reference = case.reference
    page = client.get("/inbox?folder=mine").get_data(as_text=True)
    assert reference in page
    assert client.get(f"/cases/{reference}").status_code == 200


def test_a_walk_in_gets_its_reference_to_read_back_with_the_kind_address_and_department_staff_chose(
    client, runtime, twilio
):
    transport = department_id(runtime, "transport")
    make_user(runtime, "desk", role="supervisor")
    sign_in_with_form(client, "desk")
    form = {"channel": "in_person", "phone": CITIZEN, "name": "张三", "text": "公交站牌被风吹倒了",
            "kind": "help_request", "address": "城关镇汽车站", "department_id": str(transport),
            "csrf_token": csrf_token(client, "/intake")}  # fmt: skip
    posted = client.post("/intake", data=form)
    receipt = posted.headers["Location"]
    assert receipt.startswith("/intake/recorded/")
    assert "Recording the case…" in client.get(receipt).get_data(as_text=True)  # the worker has not run yet
    work(runtime)
    page = client.get(receipt).get_data(as_text=True)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    assert "Read this reference back to the caller" in page
    assert f'<a class="reference" href="/cases/{case.reference}">{case.reference}</a>' in page
    assert (case.kind, case.address, case.department_id) == ("help_request", "城关镇汽车站", transport)


def test_a_walk_in_for_a_department_the_agent_does_not_work_is_refused(client, runtime):
    make_user(runtime, "li.agent", departments=("urban_rural_construction",))
    sign_in_with_form(client, "li.agent")
    transport = str(department_id(runtime, "transport"))
    form = {"channel": "phone", "phone": CITIZEN, "text": "公交站牌被风吹倒了", "department_id": transport,
            "csrf_token": csrf_token(client, "/intake")}  # fmt: skip
    page = client.post("/intake", data=form)
    assert page.status_code == 400 and "Choose one of your departments" in page.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).all() == []
