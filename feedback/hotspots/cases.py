"""The hotline's own cases as messages to mine: the fingerprints stored when they were opened."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from feedback.cases.models import Case
from feedback.hotspots.mining import LARGEST, Message
from feedback.incidents.models import CaseFingerprint
from router import likeness


def messages(session: Session, start: datetime, end: datetime) -> list[Message]:
    """Return the cases opened in [start, end) as messages (the newest LARGEST), keyed by reference."""
    query = (
        select(col(Case.reference), col(Case.opened_at), col(Case.summary), col(Case.citizen_id),
               col(CaseFingerprint.places), col(CaseFingerprint.problems), col(CaseFingerprint.shingles))
        .join(CaseFingerprint, col(CaseFingerprint.case_id) == col(Case.id))
        .where(col(CaseFingerprint.opened_at) >= start, col(CaseFingerprint.opened_at) < end)
        .order_by(col(CaseFingerprint.opened_at).desc())
        .limit(LARGEST)
    )  # fmt: skip
    return [
        Message(reference, opened, summary[:80], likeness.from_stored(places, problems, shingles), str(citizen))
        for reference, opened, summary, citizen, places, problems, shingles in session.execute(query)
    ]
