"""The retention rules: what has been kept longer than the settings allow is anonymised, a batch at a time.

Three periods, each off at 0 (RETENTION_MESSAGE_DAYS, RETENTION_MEDIA_DAYS,
RETENTION_CLOSED_CASE_DAYS). Nothing is taken from a case still being worked:
messages and files expire only once their case is finished (or when they
belong to none), and a closed case expires that long after it was closed.
A person whose every case has expired and who has not written since loses
their name and addresses too. Rows stay, so the dashboard counts the same.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from channels.models import Attachment, Interaction
from core.blobs.base import BlobStore
from core.clock import utcnow
from core.config import Settings
from core.db import id_of
from feedback.cases.models import Case
from feedback.cases.statuses import FINISHED_STATUSES, OPEN_STATUSES
from feedback.privacy import holdings, scrub
from feedback.privacy.models import RETENTION, PrivacyAction
from router.identity.models import Citizen

BATCH = 500


def expire(session: Session, settings: Settings, blobs: BlobStore, now: datetime | None = None) -> dict[str, int]:
    """Anonymise one batch of each kind of data past its period; return how many rows of each (0s when none)."""
    now = now or utcnow()
    counts = {"messages": 0, "files": 0, "cases": 0, "citizens": 0}
    if settings.retention_message_days:
        counts["messages"] = scrub.messages(session, _messages(session, now, settings.retention_message_days), False)
    if settings.retention_media_days:
        counts["files"] = scrub.files(session, blobs, _files(session, now, settings.retention_media_days))
    if settings.retention_closed_case_days:
        counts["cases"], counts["citizens"] = _cases_and_people(session, settings, blobs, now)
    if any(counts.values()):
        session.add(PrivacyAction(kind=RETENTION, reason=_rules(settings), counts=counts))
    session.flush()
    return counts


def _finished_or_none():
    """Messages not tied to a case still being worked."""
    working = select(Case.id).where(col(Case.status).in_(OPEN_STATUSES))
    return or_(col(Interaction.case_id).is_(None), col(Interaction.case_id).not_in(working))


def _messages(session: Session, now: datetime, days: int) -> list[Interaction]:
    query = select(Interaction).where(
        col(Interaction.erased_at).is_(None), Interaction.created_at < now - timedelta(days=days)
    )
    return list(session.exec(query.where(_finished_or_none()).order_by(col(Interaction.id)).limit(BATCH)))


def _files(session: Session, now: datetime, days: int) -> list[Attachment]:
    query = (
        select(Attachment)
        .join(Interaction, col(Interaction.id) == col(Attachment.interaction_id))
        .where(col(Attachment.erased_at).is_(None), Interaction.created_at < now - timedelta(days=days))
        .where(_finished_or_none())
    )
    return list(session.exec(query.order_by(col(Attachment.id)).limit(BATCH)))


def _cases_and_people(session: Session, settings: Settings, blobs: BlobStore, now: datetime) -> tuple[int, int]:
    cutoff = now - timedelta(days=settings.retention_closed_case_days)
    done_at = func.coalesce(col(Case.closed_at), col(Case.resolved_at))
    query = select(Case).where(col(Case.status).in_(FINISHED_STATUSES), col(Case.anonymised_at).is_(None))
    expired = list(session.exec(query.where(done_at < cutoff).order_by(col(Case.id)).limit(BATCH)))
    for case in expired:
        scrub.case(session, case)
        rows = list(session.exec(select(Interaction).where(Interaction.case_id == case.id)))
        scrub.files(session, blobs, _attachments_of(session, rows))
        scrub.messages(session, rows, addresses_too=False)
    people = _dormant(session, {case.citizen_id for case in expired}, cutoff)
    for citizen_id in people:
        who = holdings.person(session, citizen_id)
        old = holdings.messages(session, who, [])
        scrub.files(session, blobs, _attachments_of(session, old))
        scrub.messages(session, old, addresses_too=True)
        scrub.citizen(session, who.citizen_ids)
    return len(expired), len(people)


def _dormant(session: Session, citizen_ids: set[int], cutoff: datetime) -> list[int]:
    """Return those of these people with no case left unexpired and no contact since the cutoff."""
    found = []
    for citizen_id in sorted(citizen_ids):
        citizen = session.get(Citizen, citizen_id)
        if citizen is None or citizen.erased_at is not None or citizen.merged_into_id is not None:
            continue
        kept = select(Case.id).where(Case.citizen_id == citizen_id, col(Case.anonymised_at).is_(None))
        recent = select(Interaction.id).where(Interaction.citizen_id == citizen_id, Interaction.created_at >= cutoff)
        if session.exec(kept).first() is None and session.exec(recent).first() is None:
            found.append(citizen_id)
    return found


def _attachments_of(session: Session, rows: list[Interaction]) -> list[Attachment]:
    ids = [id_of(row) for row in rows]
    return list(session.exec(select(Attachment).where(col(Attachment.interaction_id).in_(ids)))) if ids else []


def _rules(settings: Settings) -> str:
    return (
        f"messages {settings.retention_message_days} d, media {settings.retention_media_days} d, "
        f"closed cases {settings.retention_closed_case_days} d"
    )
