"""Surge warnings: more reports of one kind of problem at one place in the last hours than its usual level allows.

Each new case is counted under keys of (kind of problem, place) — and (any
problem, place) — from its fingerprint, as `feedback.incidents.keys` files it,
so that a count is a range of one index however busy the eight weeks were. For each key the reports of the last
`WINDOW` are compared with the key's usual level, learnt from the previous
`HISTORY`: under a Poisson model with that mean, a count whose upper tail
probability is below `ALPHA` is a surge. ALPHA bounds the false alarms: a key
checked every two hours of a week (84 windows) raises a false alert with
probability under 84·ALPHA. A floor (`AT_LEAST` reports) keeps a quiet village
where one report a year is usual from alarming at its second.

A surge is raised at most once per place every `QUIET` hours (for the most
surprising of its keys), as a notification to supervisors (their notification
area) and a row the API lists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback.cases import notifications
from feedback.cases.models import Case
from feedback.incidents import keys
from feedback.incidents.models import SurgeAlert
from router import likeness

WINDOW = timedelta(hours=2)
HISTORY = timedelta(days=56)  # eight weeks of the usual level
ALPHA = 1e-4
AT_LEAST = 5
QUIET = timedelta(hours=12)
ANY = keys.ANY
KIND = "surge"


@dataclass(frozen=True)
class Judgement:
    """A key's count in the window against its usual level, and how surprising that is."""

    count: int
    expected: float
    probability: float

    @property
    def surge(self) -> bool:
        return self.count >= AT_LEAST and self.probability < ALPHA


def judge(count: int, history_count: int, history: timedelta = HISTORY, window: timedelta = WINDOW) -> Judgement:
    """Judge a window's count against the count over the history before it (shared with the bench)."""
    # Half a report over the history stands in for none, so that a key never seen has a small usual level.
    expected = max(history_count, 0.5) * (window / history)
    return Judgement(count, expected, upper_tail(count, expected))


def upper_tail(count: int, mean: float) -> float:
    """Return P(X ≥ count) for X ~ Poisson(mean), computed stably for small tails."""
    if count <= 0:
        return 1.0
    term = math.exp(-mean)
    below = 0.0
    for k in range(count):
        below += term
        term *= mean / (k + 1)
    tail = 1.0 - below
    if tail > 1e-9:
        return tail
    # Far in the tail, 1 - below loses every digit: sum the tail's own terms instead.
    total, term = 0.0, math.exp(-mean + count * math.log(mean) - math.lgamma(count + 1)) if mean > 0 else 0.0
    k = count
    while term > total * 1e-12 and k < count + 1000:
        total += term
        k += 1
        term *= mean / k
    return total


def check(
    session: Session, case_id: int | None, mark: likeness.Fingerprint, now: datetime | None = None
) -> list[SurgeAlert]:
    """Raise the surges a new report, already filed under its keys (`keys.record`), completes; return them.

    One alert per place: the most surprising of its keys (a named problem before ANY), then quiet there.
    Most reports complete nothing: one query of the last hours tells, and only busy keys read their history.
    """
    now = now or utcnow()
    problems = keys.problems_of(mark)
    places = tuple(dict.fromkeys(place[:200] for place in mark.places))
    recent = keys.counts(session, places, problems, now - WINDOW, now)
    busy = {key: count for key, count in recent.items() if count >= AT_LEAST}
    if not busy:
        return []
    busy_places = {place for place, _ in busy} - _recently_raised(session, {place for place, _ in busy}, now)
    usual = keys.counts(session, tuple(busy_places), problems, now - WINDOW - HISTORY, now - WINDOW)
    raised = []
    for place in places:
        found: list[tuple[bool, float, int, str, Judgement]] = []
        for order, problem in enumerate(problems):
            if place not in busy_places or (place, problem) not in busy:
                continue
            judged = judge(busy[place, problem], usual.get((place, problem), 0))
            if judged.surge:
                found.append((problem == ANY, judged.probability, order, problem, judged))
        if found:
            *_rank, problem, judged = min(found, key=lambda item: item[:3])
            raised.append(_raise(session, problem, place, judged, case_id, now))
    return raised


def recent(session: Session, since: datetime) -> list[tuple[SurgeAlert, str | None]]:
    """Return the alerts raised since a moment, newest first, each with the reference of the case that raised it."""
    query = (
        select(SurgeAlert, Case.reference)
        .join(Case, col(Case.id) == col(SurgeAlert.case_id), isouter=True)
        .where(col(SurgeAlert.created_at) >= since)
        .order_by(col(SurgeAlert.created_at).desc())
    )
    return [(alert, reference) for alert, reference in session.exec(query)]


def _recently_raised(session: Session, places: set[str], now: datetime) -> set[str]:
    """Return those of the places alerted within the quiet hours."""
    query = select(SurgeAlert.place).where(col(SurgeAlert.place).in_(places), col(SurgeAlert.created_at) >= now - QUIET)
    return set(session.exec(query))


def _raise(
    session: Session, problem: str, place: str, judged: Judgement, case_id: int | None, now: datetime
) -> SurgeAlert:
    alert = SurgeAlert(
        problem=problem, place=place[:200], count=judged.count, expected=round(judged.expected, 3),
        probability=judged.probability, case_id=case_id, created_at=now,
    )  # fmt: skip
    session.add(alert)
    what = "reports" if problem == ANY else f"reports of {problem.replace('_', ' ')}"
    text = (
        f"Surge at {place}: {judged.count} {what} in the last {WINDOW.seconds // 3600} h, "
        f"where {judged.expected:.2f} are usual"
    )
    notifications.notify_role(session, "supervisor", None, KIND, text, case_id)
    return alert
