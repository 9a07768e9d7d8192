"""Split a citizen's message that is really a second matter into its own case; merge two cases of one citizen.

Both keep the audit trail whole: each case involved records an event naming the other, and no message
is ever copied or lost, only moved.
"""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from channels.models import INBOUND, Interaction
from core.clock import utcnow
from core.db import id_of
from feedback.cases import events, fields, lifecycle, opening
from feedback.cases.actions import ActionError
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from router.decision import Decision
from router.identity.models import Citizen


def split(session: Session, case: Case, message_id: int, actor: str) -> Case:
    """Open a new case (same citizen, department, priority and kind) for one of the citizen's messages."""
    message = session.get(Interaction, message_id)
    if message is None or message.case_id != case.id or message.direction != INBOUND:
        raise ActionError("only a message from the citizen in this case can be split off")
    inbound = select(func.count()).where(Interaction.case_id == case.id, Interaction.direction == INBOUND)
    if session.exec(inbound).one() < 2:
        raise ActionError("the case's only message from the citizen cannot be split off")
    citizen = session.get(Citizen, case.citizen_id)
    assert citizen is not None  # a case always has its citizen
    routing = Decision(case.department_id, 1.0, f"split from case {case.reference}", case.priority, kind=case.kind)
    new = opening.open_case(session, citizen, message, routing, case.language, summary=message.text, actor=actor)
    message.case_id = new.id
    session.add(message)
    new.channel = message.channel
    fields.fill_from_contact(session, new, message)
    new.last_citizen_message_at = message.created_at
    events.record(session, id_of(case), "split_out", actor=actor, reference=new.reference, interaction_id=message_id)
    events.record(session, id_of(new), "split_from", actor=actor, reference=case.reference, interaction_id=message_id)
    case.updated_at = utcnow()
    session.add_all([case, new])
    return new


def merge(session: Session, case: Case, other: Case, actor: str) -> int:
    """Move every message of `other` into `case` and close `other`; return how many messages moved.

    Only two open cases of the same citizen merge: another person's matter stays theirs.
    """
    if other.id == case.id:
        raise ActionError("a case cannot be merged into itself")
    if other.citizen_id != case.citizen_id:
        raise ActionError("only cases of the same citizen can be merged")
    if case.status not in OPEN_STATUSES or other.status not in OPEN_STATUSES:
        raise ActionError("only open cases can be merged")
    messages = list(session.exec(select(Interaction).where(Interaction.case_id == other.id)))
    for message in messages:
        message.case_id = case.id
    session.add_all(messages)
    events.record(session, id_of(case), "merged_in", actor=actor, reference=other.reference, messages=len(messages))
    events.record(session, id_of(other), "merged_into", actor=actor, reference=case.reference, messages=len(messages))
    lifecycle.transition(session, other, "closed", actor, reason=f"merged into case {case.reference}")
    latest = [m.created_at for m in messages if m.direction == INBOUND]
    if latest and (case.last_citizen_message_at is None or max(latest) > case.last_citizen_message_at):
        case.last_citizen_message_at = max(latest)
    case.updated_at = utcnow()
    session.add(case)
    return len(messages)


def other_case(session: Session, reference: str) -> Case | None:
    """Return the case a merge names by its reference, if there is one."""
    return session.exec(select(Case).where(col(Case.reference) == reference.strip().replace(" ", ""))).first()
