"""Queue a message to the citizen as an outbound interaction; the outbound job sends it."""

from __future__ import annotations

from sqlmodel import Session

from channels.models import OUTBOUND, QUEUED, Interaction
from core import rows
from feedback.cases.models import Case
from feedback.sla import clocks


def queue_message(
    session: Session, urn: str, channel: str, text: str, purpose: str, citizen_id: int | None, case: Case | None = None
) -> Interaction:
    """Add an outbound row in status 'queued' (sent after the caller's transaction commits)."""
    message = rows.new(
        Interaction,
        direction=OUTBOUND,
        channel=channel,
        urn=urn,
        citizen_id=citizen_id,
        case_id=case.id if case else None,
        purpose=purpose,
        text=text,
        status=QUEUED,
    )
    session.add(message)
    if case is not None:
        clocks.note_first_response(session, case, purpose)
    return message
