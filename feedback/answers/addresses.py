"""Where to answer a case: the channel and address the citizen last used for it, else one we know for them.

A reply goes where the citizen last wrote or called from (a call is answered by
SMS to the calling number). A case with no contact we can write back to (a
request a portal filed) is answered at the citizen's first address a channel
can send to, and otherwise only published where the portal reads it.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from channels import registry
from channels.models import INBOUND, Interaction
from core.db import id_of
from feedback.cases.models import Case
from router.identity.models import Identity

PUBLISHED = "open311"  # the answer is only published (Open311 status_notes), not sent


def latest_contact(session: Session, case_id: int) -> Interaction | None:
    """Return the citizen's most recent contact on this case that can be answered (not a portal's filing)."""
    query = (
        select(Interaction)
        .where(Interaction.case_id == case_id, Interaction.direction == INBOUND)
        .where(col(Interaction.channel) != PUBLISHED)
        .order_by(col(Interaction.created_at).desc(), col(Interaction.id).desc())
    )
    return session.exec(query).first()


def reply_address(session: Session, case: Case) -> tuple[str, str] | None:
    """Return (channel kind, URN) of the case's latest contact, answered on the channel that answers it."""
    latest = latest_contact(session, id_of(case))
    return (registry.reply_channel(latest.channel), latest.urn) if latest is not None else None


def known_address(session: Session, citizen_id: int) -> tuple[str, str] | None:
    """Return (channel kind, URN) of the citizen's first address some channel sends to, if any."""
    for identity in session.exec(select(Identity).where(Identity.citizen_id == citizen_id).order_by(col(Identity.id))):
        kind = registry.sender_for(identity.scheme)
        if kind is not None:
            return kind, identity.urn
    return None
