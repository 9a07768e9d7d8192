"""What happens as a deadline nears and passes: remind the assignee, then alert supervisors and mark the case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core import localtime
from core.db import id_of
from core.runtime import current
from feedback.cases import events, notifications
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.sla import breaches, clocks
from feedback.sla.models import CLOCKS, CaseClock, SlaBreach

CLOCK_NAMES = {"first_response": ("首次响应", "first response"), "resolution": ("办结", "resolution")}


def check(session: Session, case_id: int, now: datetime) -> list[str]:
    """Send the reminders and record the breaches that are due for one case; return what was done."""
    clock = session.exec(select(CaseClock).where(CaseClock.case_id == case_id).with_for_update()).first()
    case = session.get(Case, case_id)
    if clock is None or case is None:
        return []
    done: list[str] = []
    if case.status in OPEN_STATUSES:
        for name in CLOCKS:
            if clocks.running(case, clock, name):
                done += _check_clock(session, case, clock, name, now)
    case.overdue = clocks.is_overdue(case, clock)
    session.add_all([case, clock])
    clocks.refresh_next_check(session, case, clock)
    return done


def _check_clock(session: Session, case: Case, clock: CaseClock, name: str, now: datetime) -> list[str]:
    due = getattr(case, f"{name}_due_at")
    if due is not None and now >= due and not getattr(clock, f"{name}_breached"):
        breach(session, case, clock, name, due, now)
        return [f"{name} breached"]
    remind_at = getattr(clock, f"{name}_remind_at")
    if remind_at is not None and now >= remind_at and not getattr(clock, f"{name}_reminded"):
        remind(session, case, clock, name, due)
        return [f"{name} reminder"]
    return []


def remind(session: Session, case: Case, clock: CaseClock, name: str, due: datetime) -> None:
    """Tell the assignee (or the department's agents), its supervisors and its head that a deadline is near."""
    setattr(clock, f"{name}_reminded", True)
    zh, en = CLOCK_NAMES[name]
    when = _local(session, due)
    text = (
        f"工单 {case.reference} 的{zh}时限将于 {when}（当地时间）到期 · "
        f"Case {case.reference}: {en} due {when} local time"
    )
    if case.assignee_id is not None:
        notifications.notify_user(session, case.assignee_id, "sla_reminder", text, case.id)
    else:
        notifications.notify_role(session, "agent", case.department_id, "sla_reminder", text, case.id)
    # 督办 starts before the deadline: the department's supervisors (and head, if named) see it coming.
    notifications.notify_role(session, "supervisor", case.department_id, "sla_reminder", text, case.id)
    head = breaches.tell_head(session, case.department_id, text)
    events.record(
        session, id_of(case), "sla_reminder", clock=name, due_at=due.isoformat(), assignee_id=case.assignee_id,
        head=head,
    )  # fmt: skip


def breach(session: Session, case: Case, clock: CaseClock, name: str, due: datetime, now: datetime) -> None:
    """Record a missed deadline for good, mark the case overdue and alert those who must acknowledge it."""
    setattr(clock, f"{name}_breached", True)
    setattr(clock, f"{name}_reminded", True)
    try:
        with session.begin_nested():
            record = SlaBreach(
                case_id=id_of(case),
                clock=name,
                due_at=due,
                breached_at=now,
                department_id=case.department_id,
                assignee_id=case.assignee_id,
            )
            session.add(record)
    except IntegrityError:
        return  # this very deadline was already recorded by another check
    case.overdue = True
    zh, en = CLOCK_NAMES[name]
    when = _local(session, due)
    text = (
        f"工单 {case.reference} 已超过{zh}时限（当地时间 {when}），请确认并说明处理情况 · "
        f"Case {case.reference} missed its {en} deadline ({when} local time): acknowledge it with the action taken"
    )
    events.record(
        session, id_of(case), "sla_breached", clock=name, due_at=due.isoformat(), assignee_id=case.assignee_id
    )
    breaches.announce(session, case, record, text)


def _local(session: Session, moment: datetime) -> str:
    """Write a deadline as staff read every other time: in HOTLINE_TIMEZONE, with the zone's name."""
    there = localtime.local(moment, localtime.zone(current().settings.hotline_timezone))
    return f"{there:%Y-%m-%d %H:%M} {localtime.label(there)}"
