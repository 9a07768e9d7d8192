"""What needs an agent, left in their notification area: a new assignment, a citizen's reply, a colleague's note.

The SLA clocks leave their own reminders and breach alerts (feedback.sla.escalation);
these are the other things an agent must not miss. Each note names its case, and
the page writes it in the reader's language from its kind (web.notices).
"""

from __future__ import annotations

from sqlmodel import Session

from channels.models import Interaction
from core.clock import utcnow
from core.db import id_of
from feedback.cases import notifications, urging
from feedback.cases.models import Case
from staff.models import User

ASSIGNED = "assigned"
CITIZEN_REPLY = "citizen_reply"
NOTE = "note"


def citizen_wrote(session: Session, case: Case, contact: Interaction, joined: bool) -> None:
    """Mark the case unread for its assignee; a follow-up may urge, and it tells the assignee."""
    case.last_citizen_message_at = contact.created_at or utcnow()
    session.add(case)
    if not joined:
        return
    if urging.is_urging(contact.text):
        case.urge_count += 1
    if case.assignee_id is not None:
        text = f"工单 {case.reference} 群众有新消息 · Case {case.reference}: the citizen wrote again"
        notifications.notify_user(session, case.assignee_id, CITIZEN_REPLY, text, id_of(case))


def assigned(session: Session, case: Case, assignee_id: int | None, by: str) -> None:
    """Tell someone a case was given to them, unless they took it themselves."""
    assignee = session.get(User, assignee_id) if assignee_id is not None else None
    if assignee is None or assignee.username == by:
        return
    text = f"工单 {case.reference} 已分派给您 · Case {case.reference} was assigned to you"
    notifications.notify_user(session, id_of(assignee), ASSIGNED, text, id_of(case))


def noted(session: Session, case: Case, author: str) -> None:
    """Tell the assignee that a colleague (a supervisor, usually) left a note on their case."""
    assignee = session.get(User, case.assignee_id) if case.assignee_id is not None else None
    if assignee is None or assignee.username == author:
        return
    text = f"工单 {case.reference} 有 {author} 的新备注 · Case {case.reference}: a note from {author}"
    notifications.notify_user(session, id_of(assignee), NOTE, text, id_of(case))
