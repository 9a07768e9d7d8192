"""Where one person's data is: their record, the records merged into it, and the rows those own.

A merge moves every row to the kept record and leaves the other as a shell
pointing at it, so a person is the live record plus every record merged into
it; the shells still carry the names and villages they were created with.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from channels.models import Attachment, Interaction
from core.refusal import Refusal
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from router.identity.models import Citizen


class PrivacyRefused(Refusal):
    """An erasure or export that cannot be done as asked; nothing was changed."""


@dataclass(frozen=True)
class Person:
    """The live record asked about, and the ids of every record that is the same person."""

    citizen: Citizen
    citizen_ids: tuple[int, ...]


def person(session: Session, citizen_id: int) -> Person:
    """Return the person a citizen id belongs to (following a merge to the live record); refuse an unknown id."""
    citizen = session.get(Citizen, citizen_id) if 0 < citizen_id < 2**31 else None
    if citizen is None:
        raise PrivacyRefused("no citizen %(citizen)s", citizen=citizen_id)
    seen = {citizen.id}
    while citizen.merged_into_id is not None and citizen.merged_into_id not in seen:
        kept = session.get(Citizen, citizen.merged_into_id)
        if kept is None:
            break
        citizen = kept
        seen.add(citizen.id)
    ids, frontier = {citizen.id}, [citizen.id]
    while frontier:
        found = session.exec(select(Citizen.id).where(col(Citizen.merged_into_id).in_(frontier))).all()
        frontier = [i for i in found if i not in ids]
        ids.update(frontier)
    return Person(citizen=citizen, citizen_ids=tuple(sorted(i for i in ids if i is not None)))


def cases(session: Session, who: Person) -> list[Case]:
    """Return the person's cases, oldest first."""
    query = select(Case).where(col(Case.citizen_id).in_(who.citizen_ids)).order_by(col(Case.id))
    return list(session.exec(query))


def open_references(session: Session, who: Person) -> list[str]:
    """Return the references of the person's cases that are still being worked."""
    return [case.reference for case in cases(session, who) if case.status in OPEN_STATUSES]


def messages(session: Session, who: Person, case_ids: list[int]) -> list[Interaction]:
    """Return every message from or to the person, or filed on their cases, oldest first."""
    owned = col(Interaction.citizen_id).in_(who.citizen_ids)
    condition = owned | col(Interaction.case_id).in_(case_ids) if case_ids else owned
    return list(session.exec(select(Interaction).where(condition).order_by(col(Interaction.id))))


def attachments(session: Session, interaction_ids: list[int]) -> list[Attachment]:
    """Return the files that came with these messages."""
    if not interaction_ids:
        return []
    query = select(Attachment).where(col(Attachment.interaction_id).in_(interaction_ids)).order_by(col(Attachment.id))
    return list(session.exec(query))


def check_open_cases(session: Session, who: Person, force: bool, reason: str) -> bool:
    """Refuse while the person has open cases unless forced with a reason; return whether it was forced."""
    still_open = open_references(session, who)
    if not still_open:
        return False
    if not force:
        raise PrivacyRefused(
            "citizen %(citizen)s has open cases (%(references)s): close them first, or force it and give a reason",
            citizen=who.citizen.id, references=", ".join(still_open),
        )  # fmt: skip
    if not reason.strip():
        raise PrivacyRefused("forcing it while cases are open needs a reason")
    return True
