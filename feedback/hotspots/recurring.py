"""Recurring problems (久拖不决): the same problem at the same place, reported by different citizens week after week.

An incident is many reports within hours; a hot spot is what is loud in a
period. A recurring problem is quieter and worse: the drain at one estate that
three neighbours report, a week apart, for two months — each answered, none
fixed. It is read from the fingerprints cases leave at opening (their kinds
of problem and places): a (problem, place) reported by at least `CITIZENS`
different citizens in at least `WEEKS` different weeks of the last `WINDOW`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from core.clock import utcnow
from feedback.cases.models import Case
from feedback.incidents.models import CaseFingerprint
from router.likeness import stored_places, stored_problems

WINDOW = timedelta(days=120)
CITIZENS = 3
WEEKS = 3


@dataclass
class Recurring:
    """One problem at one place that keeps coming back, with its reports."""

    problem: str
    place: str
    first: datetime
    last: datetime
    case_ids: list[int] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    citizens: set[int] = field(default_factory=set)
    weeks: set[tuple[int, int]] = field(default_factory=set)

    @property
    def reports(self) -> int:
        return len(self.case_ids)

    @property
    def recurs(self) -> bool:
        return len(self.citizens) >= CITIZENS and len(self.weeks) >= WEEKS


def find(
    session: Session,
    now: datetime | None = None,
    department_ids: frozenset[int] | None = None,
    place: str | None = None,
    problem: str | None = None,
) -> list[Recurring]:
    """Return the recurring problems of the window, the most reported first (one place or problem if given)."""
    now = now or utcnow()
    query = (
        select(
            col(CaseFingerprint.case_id),
            col(CaseFingerprint.opened_at),
            col(CaseFingerprint.places),
            col(CaseFingerprint.problems),
            col(Case.citizen_id),
            col(Case.reference),
        )
        .join(Case, col(Case.id) == col(CaseFingerprint.case_id))
        .where(col(CaseFingerprint.opened_at) >= now - WINDOW, col(CaseFingerprint.places) != "")
    )
    if place:
        query = query.where(col(CaseFingerprint.places).contains(place, autoescape=True))
    if department_ids is not None:
        query = query.where(col(CaseFingerprint.department_id).in_(sorted(department_ids)))
    groups: dict[tuple[str, str], Recurring] = {}
    for case_id, opened_at, place_text, problem_text, citizen_id, reference in session.execute(query):
        for kind in stored_problems(problem_text):
            if problem and kind != problem:
                continue
            for name in stored_places(place_text):
                if place and name != place:
                    continue
                group = groups.setdefault((kind, name), Recurring(kind, name, opened_at, opened_at))
                group.first, group.last = min(group.first, opened_at), max(group.last, opened_at)
                group.case_ids.append(case_id)
                group.references.append(reference)
                group.citizens.add(citizen_id)
                group.weeks.add(opened_at.isocalendar()[:2])
    found = [group for group in groups.values() if group.recurs]
    return sorted(found, key=lambda group: (-len(group.citizens), -group.reports, group.place))


def for_case(session: Session, case_id: int, now: datetime | None = None) -> list[Recurring]:
    """Return the recurring problems a case is one of the reports of (for the case page)."""
    mark = session.get(CaseFingerprint, case_id)
    if mark is None or not mark.places or not mark.problems:
        return []
    found = []
    for name in stored_places(mark.places):
        for kind in stored_problems(mark.problems):
            found += [group for group in find(session, now, None, name, kind) if case_id in group.case_ids]
    return found
