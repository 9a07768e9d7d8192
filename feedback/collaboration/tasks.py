"""Assisting departments (协办): each gets a task with its own deadline, posts its part to the lead, and finishes.

The lead department keeps the case and the one answer to the citizen; an
assisting department's agents see the case only while their task is open.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from core import localtime
from core.clock import utcnow
from core.db import id_of
from core.runtime import current
from feedback.cases import events, notifications
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.collaboration.errors import CollaborationError
from feedback.collaboration.models import DONE, OPEN, RELEASED, AssistTask
from feedback.sla.policies import load_calendar
from staff.models import Department

MAX_DAYS = 60
MAX_TEXT = 4000
MAX_REASON = 500


def add(
    session: Session, case: Case, department_id: int, text: str, working_days: int, actor: str, beyond_reason: str = ""
) -> AssistTask:
    """Ask another department to assist with a part of the case, due in so many working days from now."""
    text, beyond_reason = text.strip(), beyond_reason.strip()[:MAX_REASON]
    _check_new(session, case, department_id, text, working_days)
    calendar = load_calendar(session)
    due = calendar.add(utcnow(), calendar.limit_seconds(working_days, "working_days"), "working_days")
    limit = case.resolution_due_at
    if limit is not None and due > limit and not beyond_reason:
        raise CollaborationError(
            "the task would be due %(due)s, after the case's statutory limit %(limit)s: "
            "shorten it, or give a reason to allow it",
            due=local_text(due), limit=local_text(limit),
        )  # fmt: skip
    task = AssistTask(case_id=id_of(case), department_id=department_id, text=text, due_at=due,
                      beyond_limit_reason=beyond_reason if limit is not None and due > limit else "",
                      created_by=actor)  # fmt: skip
    session.add(task)
    session.flush()
    events.record(session, id_of(case), "collab_assist_added", actor=actor, task_id=task.id,
                  department_id=department_id, due_at=due.isoformat(), text=text,
                  beyond_limit_reason=task.beyond_limit_reason)  # fmt: skip
    note = f"协办任务：工单 {case.reference} · Assisting task on case {case.reference}: {text[:200]}"
    notifications.notify_role(session, "agent", department_id, "assist_task", note, case.id)
    return task


def _check_new(session: Session, case: Case, department_id: int, text: str, working_days: int) -> None:
    if case.status not in OPEN_STATUSES:
        raise CollaborationError("only an open case can have assisting departments")
    if not text:
        raise CollaborationError("say what the assisting department is asked to do")
    if len(text) > MAX_TEXT:
        raise CollaborationError("the task text is longer than %(limit)d characters", limit=MAX_TEXT)
    department = session.get(Department, department_id)
    if department is None or not department.active:
        raise CollaborationError("there is no such active department")
    if department_id == case.department_id:
        raise CollaborationError("the lead department cannot assist its own case")
    if not 1 <= working_days <= MAX_DAYS:
        raise CollaborationError("the deadline must be 1 to %(max)d working days", max=MAX_DAYS)
    if any(t.department_id == department_id for t in open_for_case(session, id_of(case))):
        raise CollaborationError("that department already has an open task on this case")


def complete(
    session: Session, case: Case, task_id: int, part: str, actor: str, departments: frozenset[int] | None
) -> AssistTask:
    """Post the assisting department's part (an internal reply to the lead) and finish its task."""
    part = part.strip()
    task = _open_task(session, case, task_id)
    if departments is not None and task.department_id not in departments:
        raise CollaborationError("only the assisting department finishes its task")
    if not part:
        raise CollaborationError("write your department's part for the lead department")
    if len(part) > MAX_TEXT:
        raise CollaborationError("the part is longer than %(limit)d characters", limit=MAX_TEXT)
    task.part, task.status = part, DONE
    _finish(session, case, task, actor)
    events.record(session, id_of(case), "collab_assist_done", actor=actor, task_id=task.id,
                  department_id=task.department_id, part=part)  # fmt: skip
    note = f"协办部门已回复：工单 {case.reference} · An assisting department posted its part on case {case.reference}"
    notify_lead(session, case, note)
    return task


def release(session: Session, case: Case, task_id: int, reason: str, actor: str) -> AssistTask:
    """Let an assisting department go without its part (the lead no longer needs it), with a reason."""
    reason = reason.strip()
    task = _open_task(session, case, task_id)
    if not reason:
        raise CollaborationError("releasing an assisting task needs a reason")
    task.reason, task.status = reason[:MAX_REASON], RELEASED
    _finish(session, case, task, actor)
    events.record(session, id_of(case), "collab_assist_released", actor=actor, task_id=task.id,
                  department_id=task.department_id, reason=task.reason)  # fmt: skip
    return task


def _open_task(session: Session, case: Case, task_id: int) -> AssistTask:
    task = session.get(AssistTask, task_id, with_for_update=True)
    if task is None or task.case_id != case.id:
        raise CollaborationError("no such assisting task on this case")
    if task.status != OPEN:
        raise CollaborationError("that assisting task is already finished")
    return task


def _finish(session: Session, case: Case, task: AssistTask, actor: str) -> None:
    task.finished_by, task.finished_at = actor, utcnow()
    case.updated_at = task.finished_at
    session.add_all([task, case])


def notify_lead(session: Session, case: Case, text: str) -> None:
    """Tell whoever leads the case: its assignee, else the lead department's agents."""
    if case.assignee_id is not None:
        notifications.notify_user(session, case.assignee_id, "assist_task", text, case.id)
    else:
        notifications.notify_role(session, "agent", case.department_id, "assist_task", text, case.id)


def for_case(session: Session, case_id: int) -> list[AssistTask]:
    """Return a case's assisting tasks, oldest first."""
    return list(session.exec(select(AssistTask).where(AssistTask.case_id == case_id).order_by(col(AssistTask.id))))


def open_for_case(session: Session, case_id: int) -> list[AssistTask]:
    """Return a case's assisting tasks still open."""
    return [task for task in for_case(session, case_id) if task.status == OPEN]


def mark_late(session: Session, now: datetime, limit: int = 200) -> int:
    """Tell both departments' supervisors about open tasks past their deadline, once each; return how many."""
    late = session.exec(
        select(AssistTask)
        .where(AssistTask.status == OPEN, col(AssistTask.due_at) <= now, col(AssistTask.late_at).is_(None))
        .order_by(col(AssistTask.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for task in late:
        case = session.get(Case, task.case_id)
        assert case is not None  # a foreign key
        task.late_at = now
        session.add(task)
        text = (
            f"协办超时：工单 {case.reference} 的协办任务已超过期限（{local_text(task.due_at)}） · "
            f"Assisting task on case {case.reference} is past its deadline ({local_text(task.due_at)})"
        )
        notifications.notify_role(session, "supervisor", task.department_id, "assist_late", text, case.id)
        notifications.notify_role(session, "supervisor", case.department_id, "assist_late", text, case.id)
        notifications.notify_role(session, "agent", task.department_id, "assist_late", text, case.id)
        events.record(session, id_of(case), "collab_assist_late", task_id=task.id, department_id=task.department_id,
                      due_at=task.due_at.isoformat())  # fmt: skip
    return len(late)


def local_text(moment: datetime) -> str:
    """Write a moment as staff read it: in the hotline's zone, with the zone's name."""
    there = localtime.local(moment, localtime.zone(current().settings.hotline_timezone))
    return f"{there:%Y-%m-%d %H:%M} {localtime.label(there)}"
