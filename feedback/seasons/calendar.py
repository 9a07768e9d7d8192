"""Compute and read the seasonal calendar: the coming months' forecasts, stored so the page reads them at once.

`refresh` forecasts every series with enough history (nightly, from the
`calendar refresh` command, or the page's button) and replaces the stored
calendar in one transaction. `coming` reads it back as the page shows it;
`prepare` picks what stands out: a month expected well above its usual level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

import numpy as np
from sqlalchemy import delete
from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback.seasons import forecasting, history
from feedback.seasons.models import EVERY_PROBLEM, EVERYWHERE, SeasonForecast

HORIZON = 6  # months forecast ahead
AT_LEAST_MONTHS = 12  # a series needs a year of history to have a season
AT_LEAST_REPORTS = 12
RISE = 1.3  # a month expected this much above the usual month is one to prepare for
RISE_AT_LEAST = 3.0  # ...and at least this many reports expected


@dataclass(frozen=True)
class Refreshed:
    series: int
    months_of_history: int
    first_month: str | None


def refresh(session: Session, zone: tzinfo, now: datetime | None = None, horizon: int = HORIZON) -> Refreshed:
    """Forecast the months after the last complete one from all history; replace the stored calendar."""
    current = history.month_index(now or utcnow(), zone)
    found = history.series(history.reports(session, zone), until=current - 1)
    rows = list(_forecasts(found, current, horizon))
    session.execute(delete(SeasonForecast))
    session.add_all(rows)
    session.commit()
    return Refreshed(
        series=len({(row.problem, row.place) for row in rows}),
        months_of_history=found.months,
        first_month=history.month_label(found.first) if found.counts else None,
    )


def _forecasts(found: history.Series, current: int, horizon: int):
    usable = {
        key: counts
        for key, counts in found.counts.items()
        if len(counts) >= AT_LEAST_MONTHS and counts.sum() >= AT_LEAST_REPORTS
    }
    if not usable:
        return
    calendar_month = found.first % forecasting.SEASON
    pooled = forecasting.pooled_shape([c for (_p, place), c in usable.items() if place == EVERYWHERE], calendar_month)
    whole = found.counts.get((EVERY_PROBLEM, EVERYWHERE))
    growth = forecasting.growth_of(whole) if whole is not None else 1.0
    stamp = utcnow()
    for (problem, place), counts in usable.items():
        ahead = forecasting.forecast(counts, calendar_month, horizon, pooled, growth)
        usual = float(np.mean(counts[-forecasting.SEASON :]))
        for step in range(horizon):
            yield SeasonForecast(
                problem=problem, place=place, month=history.month_label(current + step),
                expected=round(float(ahead.mean[step]), 2), low=int(ahead.low[step]), high=int(ahead.high[step]),
                usual=round(usual, 2), history_months=len(counts), computed_at=stamp,
            )  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One series of the calendar page: its problem and place, and a forecast per month shown."""

    problem: str
    place: str
    usual: float
    months: dict[str, SeasonForecast]

    def rising(self, month: str) -> bool:
        cell = self.months.get(month)
        return cell is not None and cell.expected >= max(self.usual * RISE, RISE_AT_LEAST)


@dataclass(frozen=True)
class Calendar:
    months: list[str]
    rows: list[Row]
    computed_at: datetime | None

    def prepare(self) -> list[tuple[str, Row, SeasonForecast]]:
        """What to prepare for: (month, row, forecast) expected well above usual, soonest and biggest first."""
        found = [(m, row, row.months[m]) for m in self.months for row in self.rows if row.rising(m)]
        return sorted(found, key=lambda item: (item[0], -item[2].expected / max(item[1].usual, 0.1)))


def coming(session: Session, place: str | None = None) -> Calendar:
    """Read the stored calendar, hotline-wide (or for one place), busiest series first."""
    query = select(SeasonForecast).where(SeasonForecast.place == (place or EVERYWHERE))
    stored = list(session.exec(query.order_by(col(SeasonForecast.month))))
    months = sorted({row.month for row in stored})
    grouped: dict[str, dict[str, SeasonForecast]] = {}
    usual: dict[str, float] = {}
    for row in stored:
        grouped.setdefault(row.problem, {})[row.month] = row
        usual[row.problem] = row.usual
    rows = [Row(problem, place or EVERYWHERE, usual[problem], cells) for problem, cells in grouped.items()]
    rows.sort(key=lambda row: (row.problem != EVERY_PROBLEM, -row.usual))
    return Calendar(months, rows, max((row.computed_at for row in stored), default=None))


def places(session: Session) -> list[str]:
    """The places with calendars of their own."""
    query = select(SeasonForecast.place).where(SeasonForecast.place != EVERYWHERE).distinct()
    return sorted(session.exec(query))
