"""Removing personal information from rows while keeping what the figures are made of.

Each function empties the words and the files and keeps the facts a report
counts: which channel, which department, when, what status, what score. They
only change rows; the callers decide which rows have expired or were asked
about, and record the act.
"""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from channels.models import FAILED, OUTBOUND, QUEUED, Attachment, Interaction
from core.blobs.base import BlobStore
from core.clock import utcnow
from core.db import id_of
from feedback.cases.models import Case, CaseEvent, StaffNotification
from feedback.incidents import linking
from feedback.outreach.models import PollComment
from feedback.surveys.models import SurveyResponse
from router.identity.models import Citizen, CitizenMerge, Identity

log = logging.getLogger(__name__)

# Event details that hold words someone wrote (a note, a reason, an address); the rest are ids and statuses.
FREE_TEXT_KEYS = frozenset({"text", "reason", "urn", "note", "comment", "name", "summary", "body", "transcript"})
# Profile fields that name or locate one person. County, township, age group and occupation stay: they are
# the categories the dashboard counts cases by, and none of them picks a person out alone.
PERSONAL_FIELDS = ("name", "village", "opted_out_via")
REMOVED_NOTE = "removed under the personal-information rules"


def messages(session: Session, rows: list[Interaction], addresses_too: bool) -> int:
    """Empty the text and the provider's payload of these messages (and their addresses); return how many."""
    now, count = utcnow(), 0
    for row in rows:
        if row.erased_at is None or (addresses_too and not row.urn.endswith(":erased")):
            count += 1
        row.text, row.payload, row.error, row.erased_at = "", {}, None, row.erased_at or now
        if addresses_too:
            row.urn = row.urn.partition(":")[0] + ":erased"
        if row.direction == OUTBOUND and row.status == QUEUED:  # never send an emptied message
            row.status, row.error, row.next_attempt_at = FAILED, REMOVED_NOTE, None
        session.add(row)
    return count


def files(session: Session, blobs: BlobStore, rows: list[Attachment]) -> int:
    """Delete these attachments' files (unless another live attachment has the same bytes); return how many."""
    count = 0
    for row in rows:
        if row.erased_at is not None:
            continue
        if row.path and not _shared(session, row):
            _delete(blobs, row.path)
        row.path, row.url, row.filename, row.note, row.erased_at = None, None, None, REMOVED_NOTE, utcnow()
        session.add(row)
        count += 1
    return count


def case(session: Session, row: Case) -> bool:
    """Empty a case's summary, the words in its audit trail, staff notes about it and survey comments."""
    if row.anonymised_at is not None:
        return False
    row.summary, row.anonymised_at = "", utcnow()
    session.add(row)
    linking.forget(session, id_of(row))
    for event in session.exec(select(CaseEvent).where(CaseEvent.case_id == row.id)):
        if FREE_TEXT_KEYS & event.detail.keys():
            event.detail = {k: v for k, v in event.detail.items() if k not in FREE_TEXT_KEYS}
            session.add(event)
    for notice in session.exec(select(StaffNotification).where(StaffNotification.case_id == row.id)):
        notice.text = REMOVED_NOTE
        session.add(notice)
    for survey in session.exec(select(SurveyResponse).where(SurveyResponse.case_id == row.id)):
        survey.comment, survey.answer_text = None, None
        session.add(survey)
    return True


def citizen(session: Session, citizen_ids: tuple[int, ...]) -> int:
    """Clear the personal fields of these records, forget their addresses; return how many addresses went."""
    now = utcnow()
    for record in session.exec(select(Citizen).where(col(Citizen.id).in_(citizen_ids))):
        for name in PERSONAL_FIELDS:
            setattr(record, name, None)
        record.erased_at, record.updated_at = now, now
        session.add(record)
    for merge in session.exec(select(CitizenMerge).where(col(CitizenMerge.kept_id).in_(citizen_ids))):
        profile = {k: v for k, v in merge.moved.get("profile", {}).items() if k not in PERSONAL_FIELDS}
        merge.moved = {**merge.moved, "profile": profile}
        session.add(merge)
    for comment in session.exec(select(PollComment).where(col(PollComment.citizen_id).in_(citizen_ids))):
        comment.text = ""  # a free-text answer to a consultation is the citizen's own words; the count stays
        session.add(comment)
    identities = list(session.exec(select(Identity).where(col(Identity.citizen_id).in_(citizen_ids))))
    for identity in identities:
        session.delete(identity)
    return len(identities)


def _shared(session: Session, row: Attachment) -> bool:
    """Tell whether another attachment not yet erased keeps the same file (the store keeps bytes once)."""
    query = select(Attachment.id).where(Attachment.path == row.path, Attachment.id != row.id)
    return session.exec(query.where(col(Attachment.erased_at).is_(None))).first() is not None


def _delete(blobs: BlobStore, key: str) -> None:
    if not key.startswith("media/"):  # only what the channels kept: never a model or anything else in the store
        log.warning("not deleting %s: not a kept file", key)
        return
    blobs.delete(key)
