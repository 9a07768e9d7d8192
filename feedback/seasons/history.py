"""Monthly report counts per kind of problem (and per place where there are enough), from cases and imported tickets.

Cases are counted from the fingerprint each leaves at opening (its problems
and places, `feedback.incidents`); tickets imported with `history import` are
read the same way from their text. Months are the hotline's local months.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

import numpy as np
from sqlmodel import Session, col, select

from feedback.incidents.models import CaseFingerprint
from feedback.seasons.models import EVERY_PROBLEM, EVERYWHERE
from router import places as place_names
from router import topics
from router.archive.models import ArchivedTicket
from router.likeness import stored_places, stored_problems

PLACE_AT_LEAST = 24  # reports a place needs over the history to get series of its own
_BATCH = 5000


@dataclass(frozen=True)
class Report:
    """One report as the calendar sees it: its local month, kinds of problem and places."""

    month: int  # year * 12 + month - 1
    problems: frozenset[str]
    places: tuple[str, ...]


@dataclass
class Series:
    """Monthly counts from `first` (year * 12 + month - 1), one array per (problem, place)."""

    first: int
    counts: dict[tuple[str, str], np.ndarray]

    @property
    def months(self) -> int:
        return len(next(iter(self.counts.values()))) if self.counts else 0


def month_index(moment: datetime, zone: tzinfo) -> int:
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
    return local.year * 12 + local.month - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def reports(session: Session, zone: tzinfo) -> Iterator[Report]:
    """Every case's and every imported ticket's report, in no particular order."""
    last = 0
    while True:
        rows = session.exec(
            select(CaseFingerprint.case_id, CaseFingerprint.opened_at, CaseFingerprint.problems, CaseFingerprint.places)
            .where(col(CaseFingerprint.case_id) > last)
            .order_by(col(CaseFingerprint.case_id))
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        for case_id, opened_at, problems, places in rows:
            last = case_id
            yield Report(month_index(opened_at, zone), stored_problems(problems), stored_places(places))
    tickets = session.exec(
        select(ArchivedTicket.opened_at, ArchivedTicket.subject, ArchivedTicket.text).where(
            col(ArchivedTicket.opened_at).is_not(None)
        )
    )
    for imported_at, subject, text in tickets:
        words = f"{subject} {text}"
        if imported_at is not None:
            yield Report(month_index(imported_at, zone), topics.topics(words), place_names.places(words))


def series(found: Iterable[Report], until: int) -> Series:
    """Count reports per month up to and including month `until` (the last complete month)."""
    kept = [report for report in found if report.month <= until]
    if not kept:
        return Series(until + 1, {})
    first = min(report.month for report in kept)
    length = until - first + 1
    per_place = Counter(place for report in kept for place in report.places)
    busy = {place for place, count in per_place.items() if count >= PLACE_AT_LEAST}
    counts: dict[tuple[str, str], np.ndarray] = {}

    def add(key: tuple[str, str], month: int) -> None:
        counts.setdefault(key, np.zeros(length))[month - first] += 1

    for report in kept:
        add((EVERY_PROBLEM, EVERYWHERE), report.month)
        for problem in report.problems:
            add((problem, EVERYWHERE), report.month)
        for place in busy.intersection(report.places):
            add((EVERY_PROBLEM, place), report.month)
            for problem in report.problems:
                add((problem, place), report.month)
    return Series(first, counts)
