"""Make, follow and finish proactive tasks; tell the citizens who reported the problem when it is done.

A task is tracked the way a case is: every change is an event, its deadline
is set in working days on the hotline's working calendar by default, a late
task is announced once to its owner and the supervisors, and the dashboard
counts what is open, done and late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from core.runtime import current
from feedback.answers import resolution
from feedback.cases import events, notifications
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.outreach import reporters
from feedback.outreach.models import TASK
from feedback.proactive.models import (
    CANCELLED,
    DONE,
    OPEN,
    SOURCES,
    ProactiveTask,
    ProactiveTaskCase,
    ProactiveTaskEvent,
)
from feedback.sla import policies, timers
from staff.models import Department, User, UserDepartment

DEFAULT_WORKING_DAYS = 5
MAX_CASES = 1000  # reports one task may answer
MAX_TEXT = 4000
KIND = "proactive_task"  # the notification kind


class TaskError(Refusal):
    """A task action that cannot be done; nothing was changed."""


@dataclass(frozen=True)
class Draft:
    """What a supervisor asks for when making a task."""

    title: str
    department_id: int | None
    due_at: datetime | None
    details: str = ""
    owner_id: int | None = None
    source: str = "other"
    source_ref: str = ""
    place: str = ""
    problem: str = ""
    case_ids: tuple[int, ...] = ()


def default_due(session: Session, now: datetime | None = None, working_days: int = DEFAULT_WORKING_DAYS) -> datetime:
    """Return the deadline `working_days` of working time from now on the hotline's calendar."""
    calendar = policies.load_calendar(session)
    return calendar.add(now or utcnow(), calendar.limit_seconds(working_days, "working_days"), "working_days")


def create(session: Session, draft: Draft, actor: str, now: datetime | None = None) -> ProactiveTask:
    """Check the draft and make the task, with its event and a note to its owner (or its department)."""
    now = now or utcnow()
    title = draft.title.strip()
    if not title:
        raise TaskError("a task needs a title")
    if len(title) > 200 or len(draft.details) > MAX_TEXT:
        raise TaskError("the title is limited to 200 characters and the details to %(limit)d", limit=MAX_TEXT)
    if draft.department_id is None or session.get(Department, draft.department_id) is None:
        raise TaskError("choose the department that will do the task")
    if draft.due_at is None or draft.due_at <= now:
        raise TaskError("the deadline must be in the future")
    if draft.source not in SOURCES:
        raise TaskError("unknown source %(source)s", source=draft.source)
    _check_owner(session, draft.owner_id, draft.department_id)
    case_ids = sorted(set(draft.case_ids))
    if len(case_ids) > MAX_CASES:
        raise TaskError("a task answers at most %(limit)d reports", limit=MAX_CASES)
    if case_ids:
        found = session.exec(select(func.count()).select_from(Case).where(col(Case.id).in_(case_ids))).one()
        if found != len(case_ids):
            raise TaskError("some of the reports named do not exist")
    task = ProactiveTask(
        title=title, details=draft.details.strip(), department_id=draft.department_id, owner_id=draft.owner_id,
        source=draft.source, source_ref=draft.source_ref[:200], place=draft.place[:200], problem=draft.problem[:64],
        due_at=draft.due_at, created_by=actor, created_at=now,
    )  # fmt: skip
    session.add(task)
    session.flush()
    session.add_all(ProactiveTaskCase(task_id=id_of(task), case_id=case_id) for case_id in case_ids)
    _event(session, task, "created", actor, due_at=task.due_at.isoformat(), reports=len(case_ids))
    for case_id in case_ids:
        events.record(session, case_id, "proactive_task_opened", actor=actor, task_id=task.id, title=title)
    _tell_owner(session, task, f"New proactive task: {title}")
    return task


def set_owner(session: Session, task: ProactiveTask, owner_id: int | None, actor: str) -> None:
    _check_open(task)
    _check_owner(session, owner_id, task.department_id)
    if owner_id == task.owner_id:
        return
    task.owner_id = owner_id
    session.add(task)
    _event(session, task, "owner_changed", actor, owner_id=owner_id)
    _tell_owner(session, task, f"Proactive task given to you: {task.title}")


def set_due(session: Session, task: ProactiveTask, due_at: datetime, reason: str, actor: str) -> None:
    _check_open(task)
    if due_at <= utcnow():
        raise TaskError("the deadline must be in the future")
    if not reason.strip():
        raise TaskError("say why the deadline moves")
    before = task.due_at
    task.due_at, task.late_noticed_at = due_at, None
    session.add(task)
    _event(session, task, "due_changed", actor, before=before.isoformat(), after=due_at.isoformat(), reason=reason)


def complete(session: Session, task: ProactiveTask, outcome: str, actor: str, notice: str = "") -> int:
    """Record what was done; with a notice, tell every citizen who reported it. Return how many were told.

    A reporter whose case is still open gets the notice as that case's answer (the case is resolved,
    with its own audit event and survey); a reporter whose cases are all closed gets it as an outreach
    notice (feedback.outreach.reporters), which goes unless they opted out by the time it is sent.
    """
    _check_open(task)
    outcome, notice = outcome.strip(), notice.strip()
    if not outcome:
        raise TaskError("say what was done")
    if len(outcome) > MAX_TEXT or len(notice) > resolution.MAX_ANSWER_CHARS:
        raise TaskError("the text is too long")
    now = utcnow()
    task.status, task.done_at, task.outcome = DONE, now, outcome
    told = _tell_reporters(session, task, notice, actor) if notice else 0
    task.citizens_told = told
    session.add(task)
    _event(session, task, "done", actor, outcome=outcome, late=task.due_at < now, citizens_told=told)
    return told


def cancel(session: Session, task: ProactiveTask, reason: str, actor: str) -> None:
    _check_open(task)
    if not reason.strip():
        raise TaskError("say why the task is cancelled")
    task.status, task.done_at, task.outcome = CANCELLED, utcnow(), reason.strip()
    session.add(task)
    _event(session, task, "cancelled", actor, reason=reason.strip())


def notice_late(session: Session, now: datetime | None = None) -> int:
    """Tell the owner (or department) and the supervisors, once, of each open task past its deadline."""
    now = now or utcnow()
    late = session.exec(
        select(ProactiveTask).where(
            ProactiveTask.status == OPEN, col(ProactiveTask.due_at) < now, col(ProactiveTask.late_noticed_at).is_(None)
        )
    ).all()
    for task in late:
        task.late_noticed_at = now
        session.add(task)
        _event(session, task, "late", "system")
        text = f"Proactive task late: {task.title}"
        _tell_owner(session, task, text)
        notifications.notify_role(session, "supervisor", None, KIND, text)
    return len(late)


@dataclass(frozen=True)
class Figures:
    open: int
    late: int
    done: int
    done_late: int


def figures(session: Session, start: datetime, end: datetime, department_ids: frozenset[int] | None = None) -> Figures:
    """Tasks open now and late now; tasks done in [start, end) and how many of those after their deadline."""
    now = utcnow()

    def count(*conditions) -> int:
        query = select(func.count()).select_from(ProactiveTask).where(*conditions)
        if department_ids is not None:
            query = query.where(col(ProactiveTask.department_id).in_(sorted(department_ids)))
        return session.exec(query).one()

    done_in = (ProactiveTask.status == DONE, col(ProactiveTask.done_at) >= start, col(ProactiveTask.done_at) < end)
    return Figures(
        open=count(ProactiveTask.status == OPEN),
        late=count(ProactiveTask.status == OPEN, col(ProactiveTask.due_at) < now),
        done=count(*done_in),
        done_late=count(*done_in, col(ProactiveTask.done_at) > col(ProactiveTask.due_at)),
    )


def listing(
    session: Session, department_ids: frozenset[int] | None, status: str | None = OPEN, limit: int = 200
) -> list[ProactiveTask]:
    """Tasks of these departments (all when None), soonest deadline first."""
    query = select(ProactiveTask)
    if status:
        query = query.where(ProactiveTask.status == status)
    if department_ids is not None:
        query = query.where(col(ProactiveTask.department_id).in_(sorted(department_ids)))
    return list(session.exec(query.order_by(col(ProactiveTask.due_at)).limit(limit)))


def history(session: Session, task_id: int) -> list[ProactiveTaskEvent]:
    query = select(ProactiveTaskEvent).where(ProactiveTaskEvent.task_id == task_id)
    return list(session.exec(query.order_by(col(ProactiveTaskEvent.created_at), col(ProactiveTaskEvent.id))))


def reports(session: Session, task_id: int) -> list[Case]:
    query = (
        select(Case)
        .join(ProactiveTaskCase, col(ProactiveTaskCase.case_id) == col(Case.id))
        .where(ProactiveTaskCase.task_id == task_id)
        .order_by(col(Case.opened_at))
    )
    return list(session.exec(query))


def tasks_for_case(session: Session, case_id: int) -> list[ProactiveTask]:
    query = (
        select(ProactiveTask)
        .join(ProactiveTaskCase, col(ProactiveTaskCase.task_id) == col(ProactiveTask.id))
        .where(ProactiveTaskCase.case_id == case_id)
    )
    return list(session.exec(query))


def _tell_reporters(session: Session, task: ProactiveTask, notice: str, actor: str) -> int:
    """Answer open reports with the notice; tell citizens whose reports are all closed by an outreach notice."""
    answered: set[int] = set()
    closed: list[Case] = []
    for case in reports(session, id_of(task)):
        if case.status in OPEN_STATUSES and case.citizen_id not in answered:
            resolution.resolve_with_answer(session, case, notice, actor)
            answered.add(case.citizen_id)
        elif case.status not in OPEN_STATUSES:
            closed.append(case)
        events.record(session, id_of(case), "proactive_task_done", actor=actor, task_id=task.id)
    later = [case for case in closed if case.citizen_id not in answered]
    told = reporters.tell(session, TASK, id_of(task), f"#{task.id} {task.title}", notice, later, actor,
                          current().channels)  # fmt: skip
    timers.want_outbound_drain(session)
    return len(answered) + told.reachable


def _check_open(task: ProactiveTask) -> None:
    if task.status != OPEN:
        raise TaskError("this task is no longer open")


def _check_owner(session: Session, owner_id: int | None, department_id: int) -> None:
    if owner_id is None:
        return
    owner = session.get(User, owner_id)
    member = session.get(UserDepartment, (owner_id, department_id))
    if owner is None or not owner.active or (member is None and owner.role == "agent"):
        raise TaskError("the owner must be an active member of the task's department")


def _tell_owner(session: Session, task: ProactiveTask, text: str) -> None:
    if task.owner_id is not None:
        notifications.notify_user(session, task.owner_id, KIND, text)
    else:
        notifications.notify_role(session, "agent", task.department_id, KIND, text)


def _event(session: Session, task: ProactiveTask, kind: str, actor: str, **detail: object) -> None:
    session.add(ProactiveTaskEvent(task_id=id_of(task), kind=kind, actor=actor, detail=detail))
