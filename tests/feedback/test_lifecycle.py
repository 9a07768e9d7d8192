"""A case's life: every allowed and refused status change, answering the citizen, delivery, reopening."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from channels.models import Interaction
from core.clock import utcnow
from feedback.answers import resolution
from feedback.answers.resolution import AnswerError
from feedback.cases import lifecycle
from feedback.cases.lifecycle import IllegalTransition
from feedback.cases.models import Case, CaseEvent
from jobs import deadlines
from tests.helpers.cases import case_events, only_case, outbound, quick_case, text_in
from tests.helpers.twilio import delivered
from tests.helpers.worker import work

LEGAL = [(a, b) for a, targets in lifecycle.TRANSITIONS.items() for b in sorted(targets)]
REFUSED = [(a, b) for a in lifecycle.STATUSES for b in lifecycle.STATUSES if b not in lifecycle.allowed(a)]


def _force_status(runtime, case_id: int, status: str) -> None:
    # Test set-up only: put a case straight into a starting status.
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.status = status
        session.add(case)


def _resolve(runtime, case_id: int, text: str = "路灯已修复。") -> None:
    with runtime.session() as session:
        resolution.resolve_with_answer(session, session.get(Case, case_id), text, "agent:wang")


@pytest.fixture
def case_id(client, runtime, twilio) -> int:
    text_in(client, runtime, "村口的路灯坏了三天了")
    return only_case(runtime).id


@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_every_allowed_transition_changes_the_status_and_leaves_an_event(runtime, from_status, to_status):
    case_id = quick_case(runtime)
    _force_status(runtime, case_id, from_status)
    with runtime.session() as session:
        case = session.get(Case, case_id)
        if to_status == "resolved":
            resolution.resolve_with_answer(session, case, "已处理。", "agent:wang")
        else:
            lifecycle.transition(session, case, to_status, "agent:wang", "because")
    with Session(runtime.engine) as session:
        assert session.get(Case, case_id).status == to_status
        last = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.to_status == to_status)
        ).all()[-1]
    assert (last.actor, last.from_status, last.to_status) == ("agent:wang", from_status, to_status)
    assert last.kind == ("reopened" if from_status in ("resolved", "closed") else "status_changed")
    assert last.created_at is not None


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED)
def test_every_other_transition_is_refused_with_the_allowed_ones_named(runtime, from_status, to_status):
    case_id = quick_case(runtime)
    _force_status(runtime, case_id, from_status)
    events_before = len(case_events(runtime, case_id))
    with pytest.raises(IllegalTransition) as refused, runtime.session() as session:
        lifecycle.transition(session, session.get(Case, case_id), to_status, "agent:wang")
    assert f"a case that is {from_status} cannot become {to_status}" in str(refused.value)
    assert only_case(runtime).status == from_status
    assert len(case_events(runtime, case_id)) == events_before


def test_an_unknown_status_is_refused(runtime):
    case_id = quick_case(runtime)
    with pytest.raises(IllegalTransition, match="unknown status 'done'"), runtime.session() as session:
        lifecycle.transition(session, session.get(Case, case_id), "done", "agent:wang")


def test_a_case_cannot_be_resolved_without_an_answer_to_the_citizen(runtime):
    case_id = quick_case(runtime)
    with pytest.raises(IllegalTransition, match="only with an answer"), runtime.session() as session:
        lifecycle.transition(session, session.get(Case, case_id), "resolved", "agent:wang")
    assert only_case(runtime).status == "new"


def test_an_empty_answer_is_refused_and_changes_nothing(runtime):
    case_id = quick_case(runtime)
    with pytest.raises(AnswerError, match="empty"), runtime.session() as session:
        resolution.resolve_with_answer(session, session.get(Case, case_id), "   ", "agent:wang")
    assert only_case(runtime).status == "new"
    assert outbound(runtime, "answer") == []


def test_the_answer_goes_out_by_sms_and_its_delivery_is_recorded_on_the_case(client, runtime, twilio, case_id):
    _resolve(runtime, case_id)
    work(runtime)
    case = only_case(runtime)
    assert case.status == "resolved" and case.resolved_at is not None
    assert case.first_response_at is not None  # the answer was the first word from staff
    assert case.answered_at is None  # sent is not enough
    sent = twilio.wait_for(2)
    answer_sms = next(m for m in sent if m["body"] == "路灯已修复。")
    assert answer_sms["to"] == "+8613800138000"
    assert delivered(client, runtime, answer_sms) == 200
    work(runtime)  # the outbound worker follows the report up
    case = only_case(runtime)
    [answer] = outbound(runtime, "answer")
    assert answer.status == "delivered" and case.answered_at == answer.delivered_at
    assert "answer_delivered" in [e.kind for e in case_events(runtime, case_id)]


def test_delivery_of_an_acknowledgement_does_not_count_as_the_answer(client, runtime, twilio, case_id):
    [ack] = twilio.wait_for(1)
    assert delivered(client, runtime, ack) == 200
    assert only_case(runtime).answered_at is None


def test_a_new_text_on_a_resolved_case_reopens_it_instead_of_opening_another(client, runtime, twilio, case_id):
    _resolve(runtime, case_id)
    work(runtime)
    text_in(client, runtime, "路灯昨晚又不亮了，麻烦再来看看")
    with Session(runtime.engine) as session:
        cases = session.exec(select(Case)).all()
        texts = [i.text for i in session.exec(select(Interaction).where(Interaction.case_id == case_id))]
    assert len(cases) == 1 and cases[0].status == "in_progress"
    assert cases[0].resolved_at is None and cases[0].answered_at is None
    assert "路灯昨晚又不亮了，麻烦再来看看" in texts
    reopened = [e for e in case_events(runtime, case_id) if e.kind == "reopened"]
    assert reopened[0].actor == "citizen" and reopened[0].from_status == "resolved"
    assert "已重新办理" in twilio.wait_for(3)[-1]["body"]


def test_after_the_reopen_window_a_new_text_opens_a_new_case(client, runtime, twilio, case_id):
    _resolve(runtime, case_id)
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.resolved_at = utcnow() - timedelta(days=runtime.settings.reopen_window_days + 1)
        session.add(case)
    text_in(client, runtime, "小区门口的下水道堵了")
    with Session(runtime.engine) as session:
        cases = session.exec(select(Case).order_by(Case.id)).all()
    assert [c.status for c in cases] == ["resolved", "new"]


def test_the_sweep_closes_resolved_cases_once_the_reopen_window_has_passed(runtime):
    case_id = quick_case(runtime)
    _resolve(runtime, case_id)
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.resolved_at = utcnow() - timedelta(days=runtime.settings.reopen_window_days, hours=1)
        session.add(case)
    assert deadlines.sweep()["closed"] == 1
    case = only_case(runtime)
    assert case.status == "closed" and case.closed_at is not None
    assert case_events(runtime, case_id)[-1].detail["reason"] == "the reopen window has passed"


def test_a_reply_from_the_citizen_ends_the_wait_and_restarts_the_clocks(client, runtime, twilio, case_id):
    with runtime.session() as session:
        lifecycle.transition(session, session.get(Case, case_id), "waiting_on_citizen", "agent:wang", "需要具体位置")
    text_in(client, runtime, "在幸福村3组村口")
    case = only_case(runtime)
    assert case.status == "in_progress"
    last = case_events(runtime, case_id)[-2:]
    assert [(e.kind, e.actor, e.to_status) for e in last] == [
        ("status_changed", "citizen", "in_progress"),
        ("message_added", "system", None),
    ]
