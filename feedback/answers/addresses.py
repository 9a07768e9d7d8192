"""Where to answer a case: the citizen's preferred channel, else the one they last used for it, else one we know.

A citizen's preferred channel (set on their record) comes first when one of
their addresses is on it and the channel is on: staff asked them how they want
to hear back.

A reply goes where the citizen last wrote or called from (a call is answered by
SMS to the calling number). A case with no contact we can write back to (a
request a portal filed) is answered at the citizen's first address a channel
can send to, and otherwise only published where the portal reads it.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, select

from channels import registry
from channels.base import Channel
from channels.models import INBOUND, Interaction
from core.db import id_of
from feedback.cases.models import Case
from router.identity.models import Citizen, Identity

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


def preferred_address(session: Session, citizen_id: int, channels: Mapping[str, Channel]) -> tuple[str, str] | None:
    """Return (channel kind, URN) on the citizen's preferred channel, if they have one we can send on now."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None or not citizen.preferred_channel:
        return None
    kind = registry.reply_channel(citizen.preferred_channel)  # "call me" is answered by SMS to that phone
    channel, scheme = registry.get(channels, kind), registry.scheme_of(kind)
    if channel is None or not channel.enabled or scheme is None:
        return None
    identity = session.exec(
        select(Identity).where(Identity.citizen_id == citizen_id, Identity.scheme == scheme).order_by(col(Identity.id))
    ).first()
    return (kind, identity.urn) if identity is not None else None


def answer_address(session: Session, case: Case, channels: Mapping[str, Channel]) -> tuple[str, str] | None:
    """Return where answers and follow-ups on a case go: preferred channel, latest contact, then any address."""
    return (
        preferred_address(session, case.citizen_id, channels)
        or reply_address(session, case)
        or known_address(session, case.citizen_id)
    )
