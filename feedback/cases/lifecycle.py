"""The one writer of case status: a state machine whose every change leaves an event.

new → assigned → in_progress → waiting_on_citizen → resolved → closed, with
reopen from resolved or closed. Nothing else assigns `Case.status`. A case
becomes resolved only together with an answer to the citizen
(`feedback.answers.resolve_with_answer`), and the SLA clocks follow every
change: paused while waiting on the citizen, stopped at resolution, restarted
on reopen.
"""

from __future__ import annotations

from sqlmodel import Session

from channels.models import Interaction
from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from feedback.cases import events
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES, STATUSES
from feedback.collaboration import guard
from feedback.sla import clocks

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"assigned", "in_progress", "waiting_on_citizen", "resolved", "closed"}),
    "assigned": frozenset({"new", "in_progress", "waiting_on_citizen", "resolved", "closed"}),
    "in_progress": frozenset({"assigned", "waiting_on_citizen", "resolved", "closed"}),
    "waiting_on_citizen": frozenset({"in_progress", "resolved", "closed"}),
    "resolved": frozenset({"closed", "in_progress"}),
    "closed": frozenset({"in_progress"}),
}


class IllegalTransition(Refusal):
    """A status change the lifecycle does not allow; the message says which and what is allowed."""


def allowed(from_status: str) -> frozenset[str]:
    """Return the statuses a case can move to from this one."""
    return TRANSITIONS.get(from_status, frozenset())


def check(case: Case, to_status: str, answer: Interaction | None = None) -> None:
    """Raise IllegalTransition unless the case may move to `to_status` now."""
    if to_status not in STATUSES:
        raise IllegalTransition("unknown status %(name)r; statuses are %(allowed)s", name=to_status, allowed=STATUSES)
    if to_status not in allowed(case.status):
        raise IllegalTransition(
            "a case that is %(status)s cannot become %(to_status)s (allowed: %(allowed)s)",
            status=case.status, to_status=to_status, allowed=allowed(case.status),
        )  # fmt: skip
    if to_status == "resolved" and (answer is None or answer.case_id != case.id or answer.purpose != "answer"):
        raise IllegalTransition("a case is resolved only with an answer to the citizen")


def check_assisting(session: Session, case: Case) -> None:
    """Raise IllegalTransition while assisting departments still have open tasks on the case (it cannot resolve)."""
    if case.status in OPEN_STATUSES and (waiting := guard.open_tasks(session, case.id)):
        raise IllegalTransition(
            "the case cannot be resolved while %(n)d assisting tasks are open: wait for their parts or release them",
            n=waiting,
        )


def transition(
    session: Session, case: Case, to_status: str, actor: str, reason: str = "", answer: Interaction | None = None
) -> None:
    """Move a case to a new status and record who, from, to, why and when."""
    check(case, to_status, answer)
    if to_status == "resolved":
        check_assisting(session, case)
    from_status, now = case.status, utcnow()
    case.status, case.updated_at = to_status, now
    if to_status == "resolved":
        case.resolved_at = now
    elif to_status == "closed":
        case.closed_at = now
    elif from_status in ("resolved", "closed"):
        case.resolved_at = case.closed_at = case.answered_at = None
    session.add(case)
    kind = "reopened" if from_status in ("resolved", "closed") else "status_changed"
    detail = {"answer_id": answer.id} if answer is not None else {}
    events.record(
        session, id_of(case), kind, actor=actor, from_status=from_status, to_status=to_status, reason=reason, **detail
    )
    clocks.on_status_change(session, case, from_status, to_status, now)
