"""Returns (退单) settled by the hotline centre, routing labels from them, and supervision notices (督办)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core.clock import utcnow
from feedback.cases import labels
from feedback.cases.models import Case, StaffNotification
from feedback.collaboration import notices, returns
from feedback.collaboration.errors import CollaborationError
from feedback.collaboration.models import CaseReturn, SupervisionNotice
from feedback.sla.models import CaseClock
from jobs import deadlines
from tests.helpers.cases import quick_case
from tests.helpers.staff import department_id

TEXT = "河道里漂着很多死鱼，散发臭味"


@pytest.fixture
def fish(runtime) -> dict:
    """A polluted-river case sent (wrongly) to transport."""
    case_id = quick_case(runtime, TEXT)
    transport, environment = department_id(runtime, "transport"), department_id(runtime, "environment")
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.department_id = transport
        session.add(case)
    return {"case": case_id, "transport": transport, "environment": environment}


def _return(runtime, fish, code: str = "not_our_remit", text: str = "河道污染归环保部门") -> None:
    with runtime.session() as session:
        returns.return_case(session, session.get(Case, fish["case"]), code, text, "tr.agent")


def _decide(runtime, fish, to: str, reason: str = "职责清单第12条") -> CaseReturn:
    with runtime.session() as session:
        case = session.get(Case, fish["case"])
        pending = returns.pending(session, case.id)
        record = returns.decide(session, case, pending.id, fish[to], reason, "centre.sup")
        session.flush()
        session.expunge(record)
        return record


def _case(runtime, fish) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, fish["case"])


@pytest.mark.parametrize(("code", "text", "message"), [
    ("not_our_remit", "  ", "say why"), ("", "不归我们管", "from the list"), ("because", "不归我们管", "from the list"),
])  # fmt: skip
def test_a_return_without_a_reason_is_refused_and_nothing_is_written(runtime, fish, code, text, message):
    with pytest.raises(CollaborationError, match=message):
        _return(runtime, fish, code, text)
    with Session(runtime.engine) as session:
        assert session.exec(select(CaseReturn)).all() == []


def test_a_return_waits_for_the_centre_which_moves_it_and_the_clock_still_counts_from_intake(runtime, fish):
    opened, due_before = _case(runtime, fish).opened_at, _case(runtime, fish).resolution_due_at
    _return(runtime, fish)
    waiting = _case(runtime, fish)
    assert waiting.department_id == fish["transport"]  # not sent on to another department by itself
    with Session(runtime.engine) as session:
        notes = session.exec(select(StaffNotification).where(StaffNotification.kind == "case_returned")).all()
        assert [(n.role, n.department_id) for n in notes] == [("supervisor", None)]
    with pytest.raises(CollaborationError, match="already waiting for arbitration"):
        _return(runtime, fish)
    record = _decide(runtime, fish, "environment")
    moved = _case(runtime, fish)
    assert (record.status, moved.department_id, moved.transfer_count) == ("upheld", fish["environment"], 1)
    assert moved.opened_at == opened and due_before is not None and moved.resolution_due_at is not None
    with Session(runtime.engine) as session:
        assert session.get(CaseClock, fish["case"]).resolution_started_at == opened


def test_a_return_sent_back_to_the_same_department_binds_it(runtime, fish):
    _return(runtime, fish)
    record = _decide(runtime, fish, "transport", "道路两侧排水沟属于交通部门")
    assert record.status == "rejected" and _case(runtime, fish).department_id == fish["transport"]
    with pytest.raises(CollaborationError, match="cannot be returned again"):
        _return(runtime, fish, text="还是不归我们")
    with Session(runtime.engine) as session:
        assert len(session.exec(select(CaseReturn)).all()) == 1


def test_a_decided_return_is_a_routing_label_for_the_next_retrain(runtime, fish):
    _return(runtime, fish)
    _decide(runtime, fish, "environment")
    with Session(runtime.engine) as session:
        examples = labels.from_history(session)
    found = [(label, source) for label, source in zip(examples.labels, examples.sources, strict=True)]
    assert ("environment", "arbitration") in found


def test_a_decision_needs_a_reason(runtime, fish):
    _return(runtime, fish)
    with pytest.raises(CollaborationError, match="needs a reason"):
        _decide(runtime, fish, "environment", " ")
    assert _case(runtime, fish).department_id == fish["transport"]


def test_a_notice_is_answered_by_its_department_and_an_unanswered_one_escalates_once(runtime, fish):
    with runtime.session() as session:
        case = session.get(Case, fish["case"])
        tomorrow = utcnow() + timedelta(days=1)
        answered = notices.issue(session, case, fish["transport"], "为何五天未处理？", tomorrow, "sup")
        late = notices.issue(session, case, fish["transport"], "请说明进展", tomorrow, "sup")
        session.flush()
        answered_id, late_id = answered.id, late.id
    with pytest.raises(CollaborationError, match="only the department"), runtime.session() as session:
        notices.answer(session, session.get(Case, fish["case"]), answered_id, "已派人", "x", frozenset({999}))
    with runtime.session() as session:
        notices.answer(session, session.get(Case, fish["case"]), answered_id, "已派人", "tr.agent",
                       frozenset({fish["transport"]}))  # fmt: skip
        for notice in session.exec(select(SupervisionNotice)):
            notice.reply_by = utcnow() - timedelta(minutes=5)
            session.add(notice)
    assert deadlines.sweep()["overdue_notices"] == 1
    assert deadlines.sweep()["overdue_notices"] == 0
    with Session(runtime.engine) as session:
        assert session.get(SupervisionNotice, late_id).escalated_at is not None
        assert session.get(SupervisionNotice, answered_id).escalated_at is None
        notes = session.exec(select(StaffNotification).where(StaffNotification.kind == "notice_overdue")).all()
        assert {(n.role, n.department_id) for n in notes} == {("supervisor", None), ("supervisor", fish["transport"])}


def test_a_notice_for_the_past_is_refused(runtime, fish):
    with pytest.raises(CollaborationError, match="in the future"), runtime.session() as session:
        notices.issue(session, session.get(Case, fish["case"]), fish["transport"], "?", utcnow(), "sup")
