"""Apply a provider's delivery report to our outbound row, only ever moving it forward."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from channels.base import StatusChanged
from channels.models import DELIVERED, OUTBOUND, QUEUED, SENDING, SENT, UNDELIVERABLE, Interaction
from core.clock import utcnow
from feedback import answers

_RANK = {QUEUED: 0, SENDING: 1, SENT: 2, DELIVERED: 3, UNDELIVERABLE: 3}


def apply(engine: Engine, channel: str, change: StatusChanged) -> bool:
    """Update the outbound interaction a report is about; return False when we don't know the message."""
    with Session(engine) as session:
        row = find_reported(session, channel, change)
        if row is None:
            return False
        if _RANK.get(change.status, 0) <= _RANK.get(row.status, 0):
            return True  # an old or repeated report; the row already knows better
        now = utcnow()
        row.status = change.status
        row.external_id = row.external_id or change.external_id
        row.sent_at = row.sent_at or now
        if change.status == DELIVERED:
            row.delivered_at = now
        if change.error:
            row.error = change.error
        session.add(row)
        if change.status == DELIVERED and row.purpose == "answer":
            answers.mark_delivered(session, row)
        session.commit()
        return True


def find_reported(session: Session, channel: str, change: StatusChanged) -> Interaction | None:
    """Return the outbound interaction a delivery report is about (by our id when given, else the provider's)."""
    query = select(Interaction).where(Interaction.direction == OUTBOUND, Interaction.channel == channel)
    if change.interaction_id is not None:
        row = session.exec(query.where(col(Interaction.id) == change.interaction_id)).first()
        if row is not None and row.external_id in (None, change.external_id):
            return row
    return session.exec(query.where(Interaction.external_id == change.external_id)).first()
