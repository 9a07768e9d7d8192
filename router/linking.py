"""Link a second channel address to a citizen, merging two citizen records when both already exist.

When a Telegram user proves a phone number is theirs, the citizen who already
owns that number (known from SMS or calls) is the one who stays: the other
record's identities, contacts and cases move to it, and the other record is
marked `merged_into` it so that nothing that still points at it is lost. Each
moved case gets a `citizen_merged` event, so the audit trail says what happened.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session, select

from core.urns import split
from feedback import events
from router import merge as citizen_merge
from router.identity import find_citizen
from router.models import Citizen, Identity

log = logging.getLogger(__name__)
ADDED, ALREADY_LINKED, MERGED, SHARED_NUMBER = "added", "already_linked", "merged", "shared_number"


@dataclass(frozen=True)
class Link:
    """What linking did: the citizen who now owns both addresses, and what moved to them."""

    action: str
    citizen_id: int
    merged_citizen_id: int | None = None
    moved_cases: int = 0
    moved_interactions: int = 0


def link(session: Session, urn: str, new_urn: str) -> Link:
    """Give the citizen behind `urn` the address `new_urn` too, merging with its current owner if there is one."""
    owner = find_citizen(session, urn)
    if owner is None:
        raise LookupError(f"nobody is known by {urn}")
    existing = session.exec(select(Identity).where(Identity.urn == new_urn)).first()
    if existing is None:
        session.add(Identity(urn=new_urn, scheme=split(new_urn)[0], citizen_id=owner.id))
        session.flush()
        log.info("citizen %s now also reachable at %s", owner.id, new_urn)
        return Link(ADDED, owner.id)  # type: ignore[arg-type]
    survivor = find_citizen(session, new_urn)
    assert survivor is not None  # an identity always has a citizen
    if survivor.id == owner.id:
        return Link(ALREADY_LINKED, owner.id)  # type: ignore[arg-type]
    if existing.shared:
        # A village or family phone belongs to many people: one of them proving it is theirs must not merge them all.
        return Link(SHARED_NUMBER, owner.id)  # type: ignore[arg-type]
    return merge(session, merged=owner, survivor=survivor)


def merge(session: Session, merged: Citizen, survivor: Citizen) -> Link:
    """Fold `merged` into `survivor` through router.merge, so the link can be undone like any merge."""
    record = citizen_merge.merge(session, survivor.id, merged.id, actor="telegram")  # type: ignore[arg-type]
    cases, contacts = record.moved.get("cases", []), record.moved.get("interactions", [])
    for case_id in cases:
        events.record(
            session, case_id, "citizen_merged", merge_id=record.id, from_citizen_id=merged.id, to_citizen_id=survivor.id
        )
    log.info("citizen %s merged into %s (%d cases, %d contacts)", merged.id, survivor.id, len(cases), len(contacts))
    return Link(MERGED, survivor.id, merged.id, len(cases), len(contacts))  # type: ignore[arg-type]
