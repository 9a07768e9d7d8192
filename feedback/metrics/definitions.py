"""The supervisors' figures, defined once: what each rate means, computed from per-case facts.

Everything is counted by the day a case was opened (a cohort), so a period's
figures do not change meaning as its cases age; they only fill in. The exact
definitions are in docs/metrics.md and on the dashboard page.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

# Bucket upper edges, in hours, for response and resolution times (the last bucket is open-ended).
HOUR_EDGES = (0.5, 1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 240, 360, 480, 720, 1440)
COUNTERS = (
    "cases",
    "first_responded",
    "first_due",
    "first_on_time",
    "resolved",
    "resolution_due",
    "resolution_on_time",
    "answered",
    "transferred",
    "transfers",
    "reopened",
    "repeat_citizen",
    "repeat_topic",
    "survey_asked",
    "surveyed",
    "scored",
    "satisfied",
    "solved_answered",
    "solved",
)


@dataclass(frozen=True)
class CaseFacts:
    """What the metrics need to know about one case, as of `now`."""

    opened_at: datetime
    first_response_at: datetime | None
    first_response_due_at: datetime | None
    resolved_at: datetime | None
    resolution_due_at: datetime | None
    answered_at: datetime | None
    transfer_count: int
    reopened: bool
    repeat_citizen: bool
    repeat_topic: bool
    survey_score: int | None = None
    survey_solved: bool | None = None
    survey_asked: bool = False  # a survey was sent for the case (answered or not)


def empty() -> dict:
    """Return zeroed counters and histograms."""
    figures: dict = dict.fromkeys(COUNTERS, 0)
    figures["first_hours"] = [0] * (len(HOUR_EDGES) + 1)
    figures["resolution_hours"] = [0] * (len(HOUR_EDGES) + 1)
    return figures


def add_case(figures: dict, case: CaseFacts, now: datetime) -> None:
    """Count one case into the figures."""
    figures["cases"] += 1
    _clock(
        figures,
        case.opened_at,
        case.first_response_at,
        case.first_response_due_at,
        now,
        "first_responded",
        "first_due",
        "first_on_time",
        "first_hours",
    )
    _clock(
        figures,
        case.opened_at,
        case.resolved_at,
        case.resolution_due_at,
        now,
        "resolved",
        "resolution_due",
        "resolution_on_time",
        "resolution_hours",
    )
    figures["answered"] += case.answered_at is not None
    figures["transferred"] += case.transfer_count > 0
    figures["transfers"] += case.transfer_count
    figures["reopened"] += case.reopened
    figures["repeat_citizen"] += case.repeat_citizen
    figures["repeat_topic"] += case.repeat_topic
    # Participation is answered ÷ asked over the same cases, so it can never pass 100 %: a case that
    # was surveyed and then reopened (no longer resolved) still counts in both.
    answered = case.survey_score is not None or case.survey_solved is not None
    figures["survey_asked"] += case.survey_asked or answered
    figures["surveyed"] += answered
    if case.survey_score is not None:
        figures["scored"] += 1
        figures["satisfied"] += case.survey_score >= 4
    if case.survey_solved is not None:
        figures["solved_answered"] += 1
        figures["solved"] += case.survey_solved


def _clock(figures, opened, done, due, now, done_key, due_key, on_time_key, histogram_key) -> None:
    # A clock is "due" once it has stopped or its deadline has passed; only then is on-time decided.
    if done is not None:
        figures[done_key] += 1
        figures[histogram_key][bisect_right(HOUR_EDGES, (done - opened).total_seconds() / 3600)] += 1
    if due is not None and (done is not None or due <= now):
        figures[due_key] += 1
        figures[on_time_key] += done is not None and done <= due


def merge(total: dict, part: dict) -> None:
    """Add one set of figures into another."""
    for key in COUNTERS:
        total[key] += part.get(key, 0)
    for key in ("first_hours", "resolution_hours"):
        for index, count in enumerate(part.get(key, ())):
            total[key][index] += count


def summed(parts: Iterable[dict]) -> dict:
    """Return the sum of several sets of figures."""
    total = empty()
    for part in parts:
        merge(total, part)
    return total


def percentile(histogram: list[int], fraction: float) -> float | None:
    """Estimate a percentile in hours from bucket counts, interpolating inside the bucket."""
    count = sum(histogram)
    if count == 0:
        return None
    target, seen = fraction * count, 0
    for index, bucket in enumerate(histogram):
        if bucket and seen + bucket >= target:
            low = HOUR_EDGES[index - 1] if index > 0 else 0.0
            high = HOUR_EDGES[index] if index < len(HOUR_EDGES) else HOUR_EDGES[-1] * 2
            return low + (high - low) * (target - seen) / bucket
        seen += bucket
    return float(HOUR_EDGES[-1])


def rate(numerator: int, denominator: int) -> float | None:
    """Return a share in 0..1, or None when there is nothing to divide."""
    return numerator / denominator if denominator else None


def headline(figures: dict) -> dict:
    """Return the figures a supervisor reads first, with the three 12345 rates."""
    return {
        "cases": figures["cases"],
        "first_response_median_h": percentile(figures["first_hours"], 0.5),
        "first_response_p90_h": percentile(figures["first_hours"], 0.9),
        "resolution_median_h": percentile(figures["resolution_hours"], 0.5),
        "resolution_p90_h": percentile(figures["resolution_hours"], 0.9),
        "first_on_time_rate": rate(figures["first_on_time"], figures["first_due"]),
        "resolution_on_time_rate": rate(figures["resolution_on_time"], figures["resolution_due"]),
        "response_rate": rate(figures["first_on_time"], figures["first_due"]),
        "resolution_rate": rate(figures["solved"], figures["solved_answered"]),
        "satisfaction_rate": rate(figures["satisfied"], figures["scored"]),
        "resolved_share": rate(figures["resolved"], figures["cases"]),
        "answered_share": rate(figures["answered"], figures["resolved"]),
        "transferred_share": rate(figures["transferred"], figures["cases"]),
        "transfers": figures["transfers"],
        "reopen_rate": rate(figures["reopened"], figures["resolved"]),
        "repeat_citizen_rate": rate(figures["repeat_citizen"], figures["cases"]),
        "repeat_topic_rate": rate(figures["repeat_topic"], figures["cases"]),
        "survey_response_rate": rate(figures["surveyed"], figures["survey_asked"]),
    }
