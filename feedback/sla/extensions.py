"""More time on a deadline: an agent asks with a reason, a supervisor approves or rejects; every step is an event."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from feedback.cases import events, notifications
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.sla import clocks
from feedback.sla.models import CLOCKS, CaseClock, SlaExtension
from feedback.sla.policies import load_calendar
from staff.models import ROLE_RANK, User


class ExtensionError(Refusal):
    """An extension request or decision that cannot be accepted; nothing was changed."""


def request(session: Session, case: Case, clock: str, new_due_at: datetime, reason: str, actor: str) -> SlaExtension:
    """Ask a supervisor for a later due time on one clock of an open case."""
    reason = reason.strip()
    if clock not in CLOCKS:
        raise ExtensionError("the deadline must be one of %(clocks)s, not %(clock)r", clocks=CLOCKS, clock=clock)
    if not reason:
        raise ExtensionError("an extension needs a reason")
    if case.status not in OPEN_STATUSES or session.get(CaseClock, case.id) is None:
        raise ExtensionError("case %(reference)s has no running deadline to extend", reference=case.reference)
    current_due = getattr(case, f"{clock}_due_at")
    if current_due is not None and new_due_at <= current_due:
        raise ExtensionError("the new due time must be later than the current one")
    extension = SlaExtension(
        case_id=id_of(case), clock=clock, reason=reason, requested_by=actor,
        requested_due_at=new_due_at, previous_due_at=current_due,
    )  # fmt: skip
    session.add(extension)
    session.flush()
    events.record(session, id_of(case), "sla_extension_requested", actor=actor, clock=clock,
                  requested_due_at=new_due_at.isoformat(), reason=reason, extension_id=extension.id)  # fmt: skip
    text = f"工单 {case.reference} 申请延期 · Case {case.reference}: extension requested by {actor}: {reason}"
    notifications.notify_role(session, "supervisor", case.department_id, "sla_extension", text, case.id)
    return extension


def approve(session: Session, extension: SlaExtension, approver: User, note: str = "") -> Case:
    """Grant the requested due time (supervisors and admins only) and move the deadline."""
    case, clock = _decide(session, extension, approver, "approved", note)
    calendar = load_calendar(session)
    unit = getattr(clock, f"{extension.clock}_unit")
    current_due = clocks.due_time(calendar, clock, extension.clock)
    extra = calendar.between(current_due, extension.requested_due_at, unit)
    setattr(clock, f"{extension.clock}_extra_seconds", getattr(clock, f"{extension.clock}_extra_seconds") + extra)
    clocks.apply_due_times(session, case, clock, calendar)
    events.record(session, id_of(case), "sla_extended", actor=approver.username, clock=extension.clock,
                  due_at=getattr(case, f"{extension.clock}_due_at").isoformat(), extension_id=extension.id)  # fmt: skip
    return case


def reject(session: Session, extension: SlaExtension, approver: User, note: str = "") -> Case:
    """Refuse the request; the deadline stays where it was."""
    case, _ = _decide(session, extension, approver, "rejected", note)
    return case


def _decide(session: Session, extension: SlaExtension, approver: User, outcome: str, note: str):
    if ROLE_RANK.get(approver.role, 0) < ROLE_RANK["supervisor"]:
        raise ExtensionError("only a supervisor can decide on extensions; %(user)s is not one", user=approver.username)
    if extension.status != "pending":
        if extension.status == "approved":
            raise ExtensionError("this extension was already approved")
        raise ExtensionError("this extension was already rejected")
    case, clock = session.get(Case, extension.case_id), session.get(CaseClock, extension.case_id)
    if case is None or clock is None or case.status not in OPEN_STATUSES:
        raise ExtensionError("the case is no longer open")
    extension.status, extension.decided_by, extension.decided_at = outcome, approver.username, utcnow()
    extension.decision_note = note.strip() or None
    session.add(extension)
    events.record(session, id_of(case), f"sla_extension_{outcome}", actor=approver.username,
                  clock=extension.clock, extension_id=extension.id, note=note)  # fmt: skip
    return case, clock
