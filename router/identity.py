"""Recognise the citizen behind a channel address: one citizen per identity, created on first contact."""

from __future__ import annotations

from sqlmodel import Session, select

from router.models import Citizen, Identity
from router.urns import split


def find_citizen(session: Session, urn: str) -> Citizen | None:
    """Return the citizen who owns this URN, following merges to the surviving record."""
    identity = session.exec(select(Identity).where(Identity.urn == urn)).first()
    if identity is None:
        return None
    citizen = session.get(Citizen, identity.citizen_id)
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
    session.add(Identity(urn=urn, scheme=scheme, citizen_id=citizen.id))
    session.flush()
    return citizen, True
