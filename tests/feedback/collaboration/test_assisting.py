"""Assisting departments (协办): tasks with their own deadline, parts for the lead, resolving only when all are in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core.clock import utcnow
from feedback.answers import resolution
from feedback.cases.lifecycle import IllegalTransition
from feedback.cases.models import Case, CaseEvent, StaffNotification
from feedback.collaboration import tasks
from feedback.collaboration.errors import CollaborationError
from feedback.collaboration.models import AssistTask
from feedback.sla.policies import load_calendar
from jobs import deadlines
from tests.helpers.cases import outbound, quick_case
from tests.helpers.staff import department_id

ROAD = "村口的路塌了一半，下水道也堵了，车辆无法通行"


@pytest.fixture
def road(runtime) -> dict:
    """A transport case (the lead) with the urban construction department ready to assist."""
    case_id = quick_case(runtime, ROAD)
    transport, drains = department_id(runtime, "transport"), department_id(runtime, "urban_rural_construction")
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.department_id = transport
        session.add(case)
    with runtime.session() as session:  # a report's statutory limit: weeks, not the hours of an emergency
        case = session.get(Case, case_id)
        case.resolution_due_at = utcnow() + timedelta(days=30)
        session.add(case)
    return {"case": case_id, "lead": transport, "drains": drains}


def _add(runtime, road, days: int = 3, reason: str = "", department: int | None = None) -> AssistTask:
    with runtime.session() as session:
        case = session.get(Case, road["case"])
        asked = department or road["drains"]
        task = tasks.add(session, case, asked, "清理下水道并说明原因", days, "lead.agent", reason)
        session.flush()
        session.expunge(task)
        return task


def _rows(runtime, model) -> list:
    with Session(runtime.engine) as session:
        return list(session.exec(select(model)))


def test_an_assisting_task_is_due_in_working_days_and_leaves_an_event_and_a_note_for_that_department(runtime, road):
    before = utcnow()
    task = _add(runtime, road, days=2)
    with Session(runtime.engine) as session:
        calendar = load_calendar(session)
        assert calendar.between(before, task.due_at, "working_days") == pytest.approx(2 * calendar.day_seconds, abs=5)
        events = session.exec(select(CaseEvent).where(CaseEvent.kind == "collab_assist_added")).all()
        assert [e.detail["department_id"] for e in events] == [road["drains"]]
        notes = session.exec(select(StaffNotification).where(StaffNotification.kind == "assist_task")).all()
        assert [(n.role, n.department_id) for n in notes] == [("agent", road["drains"])]


@pytest.mark.parametrize(
    ("department", "days", "message"),
    [("lead", 3, "cannot assist its own case"), ("drains", 0, "1 to 60 working days"), ("drains", 61, "1 to 60")],
)
def test_bad_assisting_tasks_are_refused_and_nothing_is_written(runtime, road, department, days, message):
    with pytest.raises(CollaborationError, match=message):
        _add(runtime, road, days=days, department=road[department])
    assert _rows(runtime, AssistTask) == []
    with Session(runtime.engine) as session:
        assert session.exec(select(CaseEvent).where(CaseEvent.kind == "collab_assist_added")).all() == []


def test_a_deadline_after_the_statutory_limit_needs_a_reason_and_is_allowed_with_one(runtime, road):
    with runtime.session() as session:
        case = session.get(Case, road["case"])
        case.resolution_due_at = utcnow() + timedelta(hours=1)  # the citizen's limit is close
        session.add(case)
    with pytest.raises(CollaborationError, match="after the case's statutory limit"):
        _add(runtime, road, days=5)
    assert _rows(runtime, AssistTask) == []
    task = _add(runtime, road, days=5, reason="需要等待管网检测结果")
    assert task.beyond_limit_reason == "需要等待管网检测结果"


def test_the_lead_cannot_resolve_until_every_task_is_done_or_released(runtime, road):
    first = _add(runtime, road)
    second = _add(runtime, road, department=department_id(runtime, "environment"))
    with pytest.raises(IllegalTransition, match="2 assisting tasks are open"), runtime.session() as session:
        resolution.resolve_with_answer(session, session.get(Case, road["case"]), "路已修好", "lead.agent")
    assert outbound(runtime, "answer") == []  # nothing was queued to the citizen
    with runtime.session() as session:
        case = session.get(Case, road["case"])
        tasks.complete(session, case, first.id, "下水道已清理", "drains.agent", frozenset({road["drains"]}))
        tasks.release(session, case, second.id, "环保部门的检测已不需要", "lead.agent")
    with runtime.session() as session:
        case = session.get(Case, road["case"])
        resolution.resolve_with_answer(session, case, "路已修好，下水道已清理", "lead.agent")
        assert case.status == "resolved"
    done = {t.id: t for t in _rows(runtime, AssistTask)}
    assert (done[first.id].status, done[first.id].part) == ("done", "下水道已清理")
    assert (done[second.id].status, done[second.id].reason) == ("released", "环保部门的检测已不需要")


def test_only_the_assisting_department_finishes_its_task_and_only_with_its_part(runtime, road):
    task = _add(runtime, road)
    with pytest.raises(CollaborationError, match="only the assisting department"), runtime.session() as session:
        tasks.complete(session, session.get(Case, road["case"]), task.id, "看过了", "x", frozenset({road["lead"]}))
    with pytest.raises(CollaborationError, match="write your department's part"), runtime.session() as session:
        tasks.complete(session, session.get(Case, road["case"]), task.id, "  ", "x", frozenset({road["drains"]}))
    with pytest.raises(CollaborationError, match="needs a reason"), runtime.session() as session:
        tasks.release(session, session.get(Case, road["case"]), task.id, "", "lead.agent")
    assert [t.status for t in _rows(runtime, AssistTask)] == ["open"]


def test_a_late_task_is_escalated_once_by_the_sla_sweep(runtime, road):
    task = _add(runtime, road)
    with runtime.session() as session:
        row = session.get(AssistTask, task.id)
        row.due_at = utcnow() - timedelta(minutes=1)
        session.add(row)
    assert deadlines.sweep()["late_tasks"] == 1
    assert deadlines.sweep()["late_tasks"] == 0
    with Session(runtime.engine) as session:
        notes = session.exec(select(StaffNotification).where(StaffNotification.kind == "assist_late")).all()
        assert {(n.role, n.department_id) for n in notes} == {
            ("supervisor", road["drains"]), ("supervisor", road["lead"]), ("agent", road["drains"]),
        }  # fmt: skip
        assert session.get(AssistTask, task.id).late_at is not None
