"""Merging two citizen records from a case page (router.merge does the moving and keeps what moved)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from core.refusal import Refusal
from core.urns import InvalidURN, tel
from feedback.cases import events
from feedback.cases.models import Case
from router.identity import merge
from router.identity.models import CitizenMerge, Identity


class MergeRefused(Refusal):
    """The merge or undo cannot be done; the message says why."""


def merges_into(session: Session, citizen_id: int) -> list[CitizenMerge]:
    """Return the live merges that folded other records into this citizen, newest first."""
    query = select(CitizenMerge).where(CitizenMerge.kept_id == citizen_id, col(CitizenMerge.undone_at).is_(None))
    return list(session.exec(query.order_by(col(CitizenMerge.id).desc())))


def merge_into_case_citizen(session: Session, case: Case, other: str, actor: str, settings) -> CitizenMerge:
    """Fold the record found by phone number, address or citizen number into the case's citizen."""
    other_id = _find(session, other.strip(), settings.default_region)
    try:
        record = merge.merge(session, case.citizen_id, other_id, actor)
    except merge.MergeError as exc:
        raise MergeRefused(exc.template, **exc.values) from exc
    events.record(session, case.id, "citizen_merged", actor=actor, merge_id=record.id, merged_id=other_id)
    return record


def undo_for_case(session: Session, case: Case, merge_id: int, actor: str) -> None:
    """Undo a merge into this case's citizen."""
    record = session.get(CitizenMerge, merge_id)
    if record is None or record.kept_id != case.citizen_id:
        raise MergeRefused("no such merge for this citizen")
    try:
        merge.undo(session, merge_id, actor)
    except merge.MergeError as exc:
        raise MergeRefused(exc.template, **exc.values) from exc
    events.record(session, case.id, "citizen_unmerged", actor=actor, merge_id=merge_id)


def _find(session: Session, other: str, region: str) -> int:
    if other.isdigit() and len(other) < 9:
        return int(other)  # a citizen number, as shown in the API
    urn = other if ":" in other else None
    if urn is None:
        try:
            urn = tel(other, region)
        except InvalidURN:
            raise MergeRefused("give the other record's phone number, address (mailto:…) or number") from None
    identity = session.exec(select(Identity).where(Identity.urn == urn)).first()
    if identity is None:
        raise MergeRefused("nobody is known at %(urn)s", urn=urn)
    return identity.citizen_id
