"""Recognise the citizen behind a channel address: one citizen per identity, created on first contact."""

from __future__ import annotations

from sqlmodel import Session, col, select

from router.models import Citizen, Identity
from router.urns import split


def find_citizen(session: Session, urn: str) -> Citizen | None:
    """Return the citizen who owns this URN, following merges to the surviving record."""
    # One query rather than identity-then-citizen: this runs for every contact a worker processes.
    citizen = session.exec(
        select(Citizen).join(Identity, col(Identity.citizen_id) == col(Citizen.id)).where(Identity.urn == urn)
    ).first()
    while citizen is not None and citizen.merged_into_id is not None:
        citizen = session.get(Citizen, citizen.merged_into_id)
    return citizen


def resolve(session: Session, urn: str, language: str) -> tuple[Citizen, bool]:
    """Return (citizen, created) for a URN, creating the citizen and identity on first contact."""
    citizen = find_citizen(session, urn)
    if citizen is not None:
        return citizen, False
    scheme, _ = split(urn)
    citizen = Citizen(language=language)
    session.add(citizen)
    session.flush()
    session.add(Identity(urn=urn, scheme=scheme, citizen_id=citizen.id))  # written with the next flush
    return citizen, True
