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

from sqlalchemy import update
from sqlmodel import Session, col, select

from channels.models import Interaction
from core.clock import utcnow
from feedback import events
from feedback.models import Case
from router.identity import find_citizen
from router.models import Citizen, Identity
from router.urns import split

log = logging.getLogger(__name__)
ADDED, ALREADY_LINKED, MERGED, SHARED_NUMBER = "added", "already_linked", "merged", "shared_number"
# Profile fields the surviving record takes from the merged one when it has none of its own.
_PROFILE = ("name", "language", "region", "county", "township", "village", "age_group", "occupation")


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
    """Move everything of `merged` to `survivor` and mark `merged` as merged into it."""
    session.flush()  # pending changes to moved rows must reach the database before the bulk updates
    case_ids = list(session.exec(select(Case.id).where(Case.citizen_id == merged.id)))
    moved = _reassign(session, Interaction, merged.id, survivor.id)
    _reassign(session, Identity, merged.id, survivor.id)
    _reassign(session, Case, merged.id, survivor.id)
    session.exec(
        update(Citizen).where(col(Citizen.merged_into_id) == merged.id).values(merged_into_id=survivor.id)
    )  # earlier merges into this record follow it, so chains stay one step long
    for field in _PROFILE:
        if getattr(survivor, field) is None and getattr(merged, field) is not None:
            setattr(survivor, field, getattr(merged, field))
    merged.merged_into_id, merged.updated_at, survivor.updated_at = survivor.id, utcnow(), utcnow()
    session.add_all([merged, survivor])
    for case_id in case_ids:
        events.record(session, case_id, "citizen_merged", from_citizen_id=merged.id, to_citizen_id=survivor.id)
    session.flush()
    log.info("citizen %s merged into %s (%d cases, %d contacts)", merged.id, survivor.id, len(case_ids), moved)
    return Link(MERGED, survivor.id, merged.id, len(case_ids), moved)  # type: ignore[arg-type]


def _reassign(session: Session, model: type, from_id: int | None, to_id: int | None) -> int:
    result = session.exec(
        update(model).where(model.citizen_id == from_id).values(citizen_id=to_id)  # type: ignore[attr-defined]
    )
    return result.rowcount or 0
