"""A citizen's addresses: link one (by staff, or proven by the citizen), unlink it, flag one a household shares.

When a citizen proves an address is theirs (a Telegram user sharing their
phone number) and somebody already owns it, the two records are one person:
the one who owned the address (known from SMS or calls) stays, and the other is
merged into it (`router.identity.merge`, so the link can be undone like any
merge). The case layer notes the merge on the cases that moved.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlmodel import Session, select

from core.clock import utcnow
from core.db import id_of
from core.urns import InvalidURN, split
from router.identity import merge as citizen_merge
from router.identity.models import Citizen, CitizenMerge, Identity
from router.identity.recognise import find_citizen

log = logging.getLogger(__name__)
ADDED, ALREADY_LINKED, MERGED, SHARED_NUMBER = "added", "already_linked", "merged", "shared_number"


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
    identity.citizen_id = id_of(alone)
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


@dataclass(frozen=True)
class Link:
    """What linking a proven address did: the citizen who now owns both addresses, and any merge that took."""

    action: str
    citizen_id: int
    merge: CitizenMerge | None = field(default=None, compare=False)


def link_proven(session: Session, urn: str, new_urn: str, actor: str) -> Link:
    """Give the citizen behind `urn` the address `new_urn` too, merging with its current owner if there is one."""
    owner = find_citizen(session, urn)
    if owner is None:
        raise LookupError(f"nobody is known by {urn}")
    existing = session.exec(select(Identity).where(Identity.urn == new_urn)).first()
    if existing is None:
        session.add(Identity(urn=new_urn, scheme=split(new_urn)[0], citizen_id=id_of(owner)))
        session.flush()
        log.info("citizen %s now also reachable at %s", owner.id, new_urn)
        return Link(ADDED, id_of(owner))
    survivor = find_citizen(session, new_urn)
    assert survivor is not None  # an identity always has a citizen
    if survivor.id == owner.id:
        return Link(ALREADY_LINKED, id_of(owner))
    if existing.shared:
        # A village or family phone belongs to many people: one of them proving it is theirs must not merge them all.
        return Link(SHARED_NUMBER, id_of(owner))
    record = citizen_merge.merge(session, id_of(survivor), id_of(owner), actor)
    log.info("citizen %s merged into %s: %s", owner.id, survivor.id, {k: len(v) for k, v in record.moved.items()})
    return Link(MERGED, id_of(survivor), record)
