"""What changes to a citizen's record mean for their cases: a region they gain, records merged into one.

The router keeps the record itself (`router.identity`); the cases it owns learn
of a change here, so reports count them by region and the audit trail says
that a case moved to another record.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from feedback.cases import events
from feedback.cases.models import Case
from router.identity import profile
from router.identity.models import Citizen, CitizenMerge


def update_profile(session: Session, citizen: Citizen, changes: dict[str, str | None]) -> None:
    """Write checked profile changes; a region fills in the citizen's cases that had none, so reports count them."""
    profile.apply(session, citizen, changes)
    if changes.get("region"):
        for case in session.exec(select(Case).where(Case.citizen_id == citizen.id, col(Case.region).is_(None))):
            case.region = citizen.region
            session.add(case)


def note_merge(session: Session, record: CitizenMerge) -> int:
    """Leave a `citizen_merged` event on every case a merge moved; return how many."""
    moved = record.moved.get("cases", [])
    for case_id in moved:
        events.record(
            session,
            case_id,
            "citizen_merged",
            merge_id=record.id,
            from_citizen_id=record.merged_id,
            to_citizen_id=record.kept_id,
        )
    return len(moved)
