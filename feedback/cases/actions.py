"""What an agent does to a case: reply, note, assign, transfer, change status or priority — each leaves an event."""

from __future__ import annotations

from sqlmodel import Session

from channels.models import Interaction
from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from core.runtime import current
from feedback.answers import addresses
from feedback.answers.outbox import queue_message
from feedback.cases import agent_news, events, lifecycle
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.collaboration import ownership
from router import kinds, priority
from staff.models import Department


class ActionError(Refusal):
    """An action the agent asked for cannot be done; the message says why."""


def reply(session: Session, case: Case, text: str, actor: str) -> Interaction:
    """Queue an answer on the citizen's preferred channel, else where they last contacted us about this case."""
    text = text.strip()
    if not text:
        raise ActionError("a reply needs some text")
    address = addresses.answer_address(session, case, current().channels)
    if address is None:
        raise ActionError("this case has no contact from the citizen to answer")
    message = queue_message(session, address[1], address[0], text, "agent_reply", case.citizen_id, case)
    session.flush()
    now = utcnow()
    case.first_response_at = case.first_response_at or now
    case.updated_at = now
    session.add(case)
    events.record(session, id_of(case), "replied", actor=actor, interaction_id=message.id)
    return message


def note(session: Session, case: Case, text: str, actor: str) -> None:
    """Add an internal note; notes are never sent to the citizen."""
    if not text.strip():
        raise ActionError("a note needs some text")
    events.record(session, id_of(case), "note", actor=actor, text=text.strip())
    agent_news.noted(session, case, actor)


def assign(session: Session, case: Case, assignee_id: int | None, actor: str) -> None:
    """Give the case to a user (or nobody); a new case becomes assigned."""
    previous = case.assignee_id
    case.assignee_id = assignee_id
    case.updated_at = utcnow()
    session.add(case)
    events.record(session, id_of(case), "assigned", actor=actor, from_assignee_id=previous, assignee_id=assignee_id)
    agent_news.assigned(session, case, assignee_id, actor)
    ownership.note_first(session, case.id, assignee_id)
    if assignee_id is not None and case.status == "new":
        lifecycle.transition(session, case, "assigned", actor, reason="claimed")
    elif assignee_id is None and case.status == "assigned":
        lifecycle.transition(session, case, "new", actor, reason="unassigned")


def transfer(session: Session, case: Case, department_id: int, reason: str, actor: str) -> None:
    """Move the case to another department with a reason; counted, and left unassigned there."""
    reason = reason.strip()
    if not reason:
        raise ActionError("a transfer needs a reason")
    target = session.get(Department, department_id)
    if target is None or not target.active:
        raise ActionError("there is no such active department")
    if target.id == case.department_id:
        raise ActionError("the case is already in that department")
    previous = case.department_id
    case.department_id = id_of(target)
    case.transfer_count += 1
    case.updated_at = utcnow()
    events.record(
        session, id_of(case), "transferred", actor=actor,
        from_department_id=previous, to_department_id=target.id, reason=reason,
    )  # fmt: skip
    if case.assignee_id is not None:
        assign(session, case, None, actor)
    session.add(case)


def set_kind(session: Session, case: Case, kind: str, actor: str) -> None:
    """Correct the kind of matter the router read (a complaint that is really a question); the time limits follow."""
    if kind not in kinds.KINDS:
        raise ActionError("the kind must be one of %(kinds)s, not %(kind)r", kinds=list(kinds.KINDS), kind=kind)
    if case.status not in OPEN_STATUSES:
        raise ActionError("only an open case's kind can change")
    if kind == case.kind:
        raise ActionError("the case is already of that kind")
    events.record(session, id_of(case), "kind_changed", actor=actor, from_kind=case.kind, to_kind=kind)
    case.kind = kind  # the SLA listener recomputes the time limits at the next flush
    case.updated_at = utcnow()
    session.add(case)


def set_priority(session: Session, case: Case, level: str, reason: str, actor: str) -> None:
    """Correct the router's priority by hand (a missed emergency up, a false alarm down); the time limits follow.

    Lowering needs a reason, since it lengthens the limits the citizen is owed.
    """
    reason = reason.strip()
    if level not in priority.ORDER:
        raise ActionError(
            "the priority must be one of %(priorities)s, not %(priority)r",
            priorities=list(priority.ORDER),
            priority=level,
        )
    if case.status not in OPEN_STATUSES:
        raise ActionError("only an open case's priority can change")
    if level == case.priority:
        raise ActionError("the case already has that priority")
    lowered = priority.ORDER[level] > priority.ORDER.get(case.priority, len(priority.ORDER))
    if lowered and not reason:
        raise ActionError("lowering a case's priority needs a reason")
    events.record(
        session, id_of(case), "priority_changed", actor=actor, from_priority=case.priority, to_priority=level,
        reason=reason, lowered=lowered,
    )  # fmt: skip
    case.priority = level  # the SLA listener recomputes the time limits at the next flush
    case.updated_at = utcnow()
    session.add(case)


def change_status(session: Session, case: Case, to_status: str, actor: str, reason: str = "") -> None:
    """Move the case through the lifecycle (raises lifecycle.IllegalTransition when not allowed)."""
    lifecycle.transition(session, case, to_status, actor, reason=reason)
