"""Link a channel address to a citizen, unlink it, and flag an address a household or village shares."""

from __future__ import annotations

from sqlmodel import Session, select

from core.clock import utcnow
from core.urns import InvalidURN, split
from router.models import Citizen, Identity


class LinkError(ValueError):
    """A link or unlink that cannot be done; the message says why."""


def link(session: Session, citizen_id: int, urn: str, shared: bool = False) -> Identity:
    """Give a citizen another address (already normalised as a URN); refuse one that belongs to someone else.

    Linking an address the citizen already has returns it, flagged as shared if this link says so.
    """
    citizen = session.get(Citizen, citizen_id)
    if citizen is None or citizen.merged_into_id is not None:
        raise LinkError(f"no live citizen {citizen_id}")
    try:
        scheme, _ = split(urn)
    except InvalidURN as exc:
        raise LinkError(str(exc)) from exc
    existing = session.exec(select(Identity).where(Identity.urn == urn)).first()
    if existing is not None:
        if existing.citizen_id == citizen_id:
            if shared and not existing.shared:  # linking it again as shared flags it; leaving the flag out keeps it
                existing.shared = True
                session.add(existing)
                session.flush()
            return existing
        raise LinkError(f"{urn} belongs to citizen {existing.citizen_id}; merge the two records if they are one person")
    identity = Identity(urn=urn, scheme=scheme, citizen_id=citizen_id, shared=shared)
    session.add(identity)
    session.flush()
    return identity


def unlink(session: Session, identity_id: int) -> Citizen:
    """Detach an address from its citizen: it gets a record of its own, so its next contact is not theirs."""
    identity = session.get(Identity, identity_id)
    if identity is None:
        raise LinkError(f"no identity {identity_id}")
    owner = session.get(Citizen, identity.citizen_id)
    alone = Citizen(language=owner.language if owner else None)
    session.add(alone)
    session.flush()
    identity.citizen_id = alone.id  # type: ignore[assignment]
    session.add(identity)
    if owner is not None:
        owner.updated_at = utcnow()
        session.add(owner)
    session.flush()
    return alone


def set_shared(session: Session, identity_id: int, shared: bool) -> Identity:
    """Flag (or unflag) an address as shared by several people."""
    identity = session.get(Identity, identity_id)
    if identity is None:
        raise LinkError(f"no identity {identity_id}")
    identity.shared = shared
    session.add(identity)
    session.flush()
    return identity


def is_shared(session: Session, urn: str) -> bool:
    """Tell whether the address a contact came from is shared by a household or village."""
    return bool(session.exec(select(Identity.shared).where(Identity.urn == urn)).first())
