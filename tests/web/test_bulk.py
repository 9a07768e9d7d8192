"""Bulk actions from the inbox: several cases assigned, transferred or closed at once, each checked as on its page."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from feedback.cases.models import Case
from tests.helpers.cases import text_in
from tests.helpers.staff import assign_by_hand, csrf_token, department_id, make_user, sign_in_with_form

URBAN = "urban_rural_construction"


@pytest.fixture(autouse=True)
def _agents_claim_cases_themselves(runtime):
    assign_by_hand(runtime)


def _bulk(client, action: str, references: list[str], **form):
    data = {"action": action, "case": references, "csrf_token": csrf_token(client, "/inbox"), **form}
    return client.post("/inbox/bulk", data=data, follow_redirects=True).get_data(as_text=True)


def _cases(client, runtime) -> tuple[Case, Case]:
    first = text_in(client, runtime)
    second = text_in(client, runtime, body="路边的井盖丢了", sender="+8613900139000")
    return first, second


def _get(runtime, case_id: int) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id)


def test_an_agent_takes_several_cases_at_once(client, runtime, twilio):
    li = make_user(runtime, "li.agent", departments=(URBAN,))
    first, second = _cases(client, runtime)
    sign_in_with_form(client, "li.agent")
    page = _bulk(client, "claim", [first.reference, second.reference])
    assert "2 cases done." in page
    assert _get(runtime, first.id).assignee_id == li and _get(runtime, second.id).assignee_id == li


def test_a_bulk_transfer_needs_a_reason_and_moves_every_case_with_it(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    first, second = _cases(client, runtime)
    env = department_id(runtime, "environment")
    sign_in_with_form(client, "li.agent")
    refused = _bulk(client, "transfer", [first.reference, second.reference], department_id=env, reason="")
    assert "0 cases done." in refused and "a transfer needs a reason" in refused
    _bulk(client, "transfer", [first.reference, second.reference], department_id=env, reason="是环保问题")
    assert _get(runtime, first.id).department_id == env and _get(runtime, second.id).department_id == env


def test_a_case_outside_the_agents_departments_is_refused_and_the_rest_are_done(client, runtime, twilio):
    make_user(runtime, "env.agent", departments=("environment",))
    first, second = _cases(client, runtime)
    env = department_id(runtime, "environment")
    with Session(runtime.engine) as session:
        moved = session.get(Case, second.id)
        moved.department_id = env
        session.add(moved)
        session.commit()
    sign_in_with_form(client, "env.agent")
    page = _bulk(client, "close", [first.reference, second.reference], reason="重复")
    assert "1 cases done." in page and f"{first.reference}: no such case" in page
    assert _get(runtime, second.id).status == "closed" and _get(runtime, first.id).status != "closed"


def test_only_supervisors_assign_cases_to_others_in_bulk(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    zhao = make_user(runtime, "zhao.agent", departments=(URBAN,))
    first, _second = _cases(client, runtime)
    sign_in_with_form(client, "li.agent")
    page = _bulk(client, "assign", [first.reference], assignee_id=zhao)
    assert "only supervisors assign cases to others" in page
    assert _get(runtime, first.id).assignee_id is None


def test_nothing_chosen_or_an_unknown_action_is_explained(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    sign_in_with_form(client, "li.agent")
    assert "Choose some cases and an action." in _bulk(client, "claim", [])
    assert "Choose some cases and an action." in _bulk(client, "delete", ["123456789"])
