"""Citizens' tags for segments ("farmer", "subsidy-2026"): added and removed by staff, each change audited.

A tag is kept as segments read it (trimmed, lower case, at most 64 characters, no comma), and may not
begin as a spreadsheet formula would, so it is safe in any CSV it is copied into.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from core.refusal import Refusal
from core.spreadsheet import FORMULA_LEADS
from feedback.outreach.models import CitizenTag, CitizenTagEvent

MAX_LENGTH = 64
ADDED, REMOVED = "added", "removed"


class TagRefused(Refusal):
    """A tag that cannot be given as written."""


def clean(raw: str) -> str:
    """Return the tag as segments match it; raise TagRefused for an empty, long, listed or formula-like one."""
    tag = " ".join(raw.split()).lower()
    if not tag:
        raise TagRefused("write the tag")
    if len(tag) > MAX_LENGTH:
        raise TagRefused("a tag is at most %(most)d characters", most=MAX_LENGTH)
    if "," in tag or "，" in tag:
        raise TagRefused("a tag cannot contain a comma: add one tag at a time")
    if tag.startswith(FORMULA_LEADS):
        raise TagRefused("a tag cannot begin with = + - or @")
    return tag


def of(session: Session, citizen_ids: list[int]) -> list[str]:
    """Return the tags of a citizen (and the records merged into them), sorted."""
    query = select(CitizenTag.tag).where(col(CitizenTag.citizen_id).in_(citizen_ids))
    return sorted(set(session.exec(query)))


def history(session: Session, citizen_ids: list[int]) -> list[CitizenTagEvent]:
    """Return who added and removed the citizen's tags, newest first."""
    query = select(CitizenTagEvent).where(col(CitizenTagEvent.citizen_id).in_(citizen_ids))
    return list(session.exec(query.order_by(col(CitizenTagEvent.id).desc())))


def add(session: Session, citizen_id: int, raw: str, actor: str) -> bool:
    """Give the citizen a tag (audited); return False when they already had it."""
    tag = clean(raw)
    found = session.exec(select(CitizenTag).where(CitizenTag.citizen_id == citizen_id, CitizenTag.tag == tag))
    if found.first() is not None:
        return False
    session.add(CitizenTag(citizen_id=citizen_id, tag=tag))
    session.add(CitizenTagEvent(citizen_id=citizen_id, tag=tag, action=ADDED, actor=actor))
    return True


def remove(session: Session, citizen_ids: list[int], tag: str, actor: str) -> bool:
    """Take a tag off the citizen (and the records merged into them), audited; return False when absent."""
    rows = session.exec(select(CitizenTag).where(col(CitizenTag.citizen_id).in_(citizen_ids), CitizenTag.tag == tag))
    found = list(rows)
    for row in found:
        session.delete(row)
    if found:
        session.add(CitizenTagEvent(citizen_id=citizen_ids[0], tag=tag[:MAX_LENGTH], action=REMOVED, actor=actor))
    return bool(found)
