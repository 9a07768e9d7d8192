"""Apply a provider's delivery report to our outbound row, only ever moving it forward.

A report that a message reached the citizen, or failed for good, leaves the row
waiting for the worker's follow-up (`next_attempt_at` set): the case layer then
notes the answer delivered, or tries the citizen's other addresses. The
follow-up runs in the worker, so a webhook only ever writes one row.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from channels.base import StatusChanged
from channels.models import DELIVERED, OUTBOUND, QUEUED, SENDING, SENT, UNDELIVERABLE, Interaction, needs_follow_up
from core.clock import utcnow

# A failure for good outranks delivery: email and Telegram count as delivered when the provider accepts a message,
# and a bounce that comes later is the truer report.
_RANK = {QUEUED: 0, SENDING: 1, SENT: 2, DELIVERED: 3, UNDELIVERABLE: 4}


def apply(engine: Engine, channel: str, change: StatusChanged) -> bool | None:
    """Update the outbound row a report is about; return whether it now waits for a follow-up, None if unknown."""
    with Session(engine) as session:
        row = find_reported(session, channel, change)
        if row is None:
            return None
        if _RANK.get(change.status, 0) <= _RANK.get(row.status, 0):
            return False  # an old or repeated report; the row already knows better
        now = utcnow()
        row.status = change.status
        row.external_id = row.external_id or change.external_id
        row.sent_at = row.sent_at or now
        if change.status == DELIVERED:
            row.delivered_at = now
        if change.error:
            row.error = change.error
        follow_up = needs_follow_up(change.status, row.purpose)
        row.next_attempt_at = now if follow_up else None
        session.add(row)
        session.commit()
        return follow_up


def find_reported(session: Session, channel: str, change: StatusChanged) -> Interaction | None:
    """Return the outbound interaction a delivery report is about (by our id when given, else the provider's)."""
    query = select(Interaction).where(Interaction.direction == OUTBOUND, Interaction.channel == channel)
    if change.interaction_id is not None:
        row = session.exec(query.where(col(Interaction.id) == change.interaction_id)).first()
        if row is not None and row.external_id in (None, change.external_id):
            return row
    return session.exec(query.where(Interaction.external_id == change.external_id)).first()
