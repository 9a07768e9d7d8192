"""The one writer of case status: a state machine whose every change leaves an event.

new → assigned → in_progress → waiting_on_citizen → resolved → closed, with
reopen from resolved or closed. Nothing else assigns `Case.status`.
"""

from __future__ import annotations

from sqlmodel import Session

from core.clock import utcnow
from feedback import events
from feedback.models import Case

STATUSES = ("new", "assigned", "in_progress", "waiting_on_citizen", "resolved", "closed")
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"assigned", "in_progress", "waiting_on_citizen", "resolved", "closed"}),
    "assigned": frozenset({"new", "in_progress", "waiting_on_citizen", "resolved", "closed"}),
    "in_progress": frozenset({"assigned", "waiting_on_citizen", "resolved", "closed"}),
    "waiting_on_citizen": frozenset({"in_progress", "resolved", "closed"}),
    "resolved": frozenset({"closed", "in_progress"}),
    "closed": frozenset({"in_progress"}),
}


class IllegalTransition(ValueError):
    """A status change the lifecycle does not allow; the message says which and what is allowed."""


def allowed(from_status: str) -> frozenset[str]:
    """Return the statuses a case can move to from this one."""
    return TRANSITIONS.get(from_status, frozenset())


def transition(session: Session, case: Case, to_status: str, actor: str, reason: str = "") -> None:
    """Move a case to a new status and record who, from, to, why and when."""
    if to_status not in STATUSES:
        raise IllegalTransition(f"unknown status {to_status!r}; statuses are {', '.join(STATUSES)}")
    if to_status not in allowed(case.status):
        options = ", ".join(sorted(allowed(case.status))) or "none"
        raise IllegalTransition(f"a {case.status} case cannot become {to_status} (allowed: {options})")
    from_status, now = case.status, utcnow()
    case.status, case.updated_at = to_status, now
    if to_status == "resolved":
        case.resolved_at = now
    elif to_status == "closed":
        case.closed_at = now
    elif from_status in ("resolved", "closed"):
        case.resolved_at = case.closed_at = None
    session.add(case)
    kind = "reopened" if from_status in ("resolved", "closed") else "status_changed"
    events.record(session, case.id, kind, actor=actor, from_status=from_status, to_status=to_status, reason=reason)
