"""Answer the dashboard's questions from the daily rollup (fast) or, for filters it does not pair, from the cases."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, union_all
from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.metrics import definitions
from feedback.metrics.rollup import (
    PAIR_NAMES,
    SEGMENT_DIMENSIONS,
    SINGLE,
    CaseRollup,
    case_rows,
    dimension_value,
    facts_from_row,
    local_day,
    pair_name,
)
from router.identity.models import Citizen

FILTER_DIMENSIONS = SINGLE
AGE_BUCKETS = (
    (1, "< 1 day"),
    (3, "1–3 days"),
    (7, "3–7 days"),
    (15, "7–15 days"),
    (30, "15–30 days"),
    (None, "> 30 days"),
)


@dataclass(frozen=True)
class ReportFilter:
    """A period of opening days (inclusive) and optional dimension values."""

    start: date
    end: date
    department: str = ""
    channel: str = ""
    region: str = ""
    agent: str = ""
    county: str = ""
    township: str = ""
    age_group: str = ""
    occupation: str = ""
    utc_offset_hours: float = 8.0

    @property
    def chosen(self) -> dict[str, str]:
        return {d: getattr(self, d) for d in FILTER_DIMENSIONS if getattr(self, d)}

    def bounds(self) -> tuple[datetime, datetime]:
        """Return the UTC instants that start and end the period."""
        tz = utcnow().tzinfo
        first = datetime.combine(self.start, datetime.min.time(), tzinfo=tz) - timedelta(hours=self.utc_offset_hours)
        last = datetime.combine(self.end + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        return first, last - timedelta(hours=self.utc_offset_hours)

    def without(self, dimension: str) -> ReportFilter:
        changes: dict[str, Any] = {dimension: ""}
        return replace(self, **changes)


def figures(session: Session, report: ReportFilter) -> dict:
    """Return the summed figures for the filter."""
    return definitions.summed(part for _day, part in _daily(session, report))


def trend(session: Session, report: ReportFilter) -> list[tuple[date, dict]]:
    """Return figures per day (up to 62 days) or per week (longer periods), oldest first."""
    weekly = (report.end - report.start).days > 62
    buckets: dict[date, dict] = defaultdict(definitions.empty)
    for day, part in _daily(session, report, by_day=True):
        key = day - timedelta(days=day.weekday()) if weekly else day
        definitions.merge(buckets[key], part)
    return sorted(buckets.items())


def breakdown(session: Session, report: ReportFilter, dimension: str) -> list[tuple[str, dict]]:
    """Return figures per value of one dimension, biggest first."""
    others = report.without(dimension).chosen
    groups: dict[str, dict] = defaultdict(definitions.empty)
    if not others:
        for row in session.execute(_rollup_query(report, dimension)):
            definitions.merge(groups[row.value], row.figures)
    elif len(others) == 1 and pair_name(dimension, *others) in PAIR_NAMES:
        ((other, value),) = others.items()
        for row in session.execute(_pair_query(report, dimension, other, value)):
            definitions.merge(groups[_pair_part(row.value, dimension, other)], row.figures)
    else:
        groups = _live_groups(session, report, dimension)
    if getattr(report, dimension):
        groups = {k: v for k, v in groups.items() if k == getattr(report, dimension)}
    return sorted(groups.items(), key=lambda item: -item[1]["cases"])


def backlog(session: Session, report: ReportFilter, now: datetime | None = None) -> dict:
    """Return the open cases now (whatever their opening day) and how old they are, counted in the database."""
    now = now or utcnow()
    edges = [now - timedelta(days=limit) for limit, _label in AGE_BUCKETS if limit is not None]
    columns = [func.count(), func.sum(case((col(Case.overdue), 1), else_=0))]
    previous = None
    for edge in edges:
        condition = (
            col(Case.opened_at) > edge
            if previous is None
            else and_(col(Case.opened_at) > edge, col(Case.opened_at) <= previous)
        )
        columns.append(func.sum(case((condition, 1), else_=0)))
        previous = edge
    columns.append(func.sum(case((col(Case.opened_at) <= previous, 1), else_=0)))
    query = _where_dimensions(select(*columns).where(col(Case.status).in_(OPEN_STATUSES)), report)
    total, overdue, *ages = session.exec(query).one()
    labels = [label for _limit, label in AGE_BUCKETS]
    return {"open": total or 0, "overdue": overdue or 0, "ages": list(zip(labels, [a or 0 for a in ages], strict=True))}


def from_rollup(report: ReportFilter, dimension: str | None = None) -> bool:
    """Say whether the figures (or a table by `dimension`) come from the rollup rather than from the cases."""
    if dimension is None:
        chosen = report.chosen
        return len(chosen) <= 1 or (len(chosen) == 2 and pair_name(*chosen) in PAIR_NAMES)
    others = report.without(dimension).chosen
    return not others or (len(others) == 1 and pair_name(dimension, *others) in PAIR_NAMES)


def _daily(session: Session, report: ReportFilter, by_day: bool = False):
    chosen = report.chosen
    if len(chosen) <= 1:
        dimension, value = next(iter(chosen.items()), ("all", ""))
        query = _rollup_query(report, dimension, by_day, CaseRollup.value == value)
        return [(row.day, row.figures) for row in session.execute(query)]
    if len(chosen) == 2 and pair_name(*chosen) in PAIR_NAMES:
        (a, a_value), (b, b_value) = chosen.items()
        name = pair_name(a, b)
        value = f"{a_value}|{b_value}" if name.startswith(a + "+") else f"{b_value}|{a_value}"
        query = _rollup_query(report, name, by_day, CaseRollup.value == value)
        return [(row.day, row.figures) for row in session.execute(query)]
    return _live_daily(session, report)


def _pair_query(report: ReportFilter, dimension: str, other: str, value: str):
    name = pair_name(dimension, other)
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%|{escaped}" if name.startswith(dimension + "+") else f"{escaped}|%"
    return _rollup_query(report, name, condition=col(CaseRollup.value).like(pattern, escape="\\"))


def _pair_part(value: str, dimension: str, other: str) -> str:
    first, _, second = value.partition("|")
    return first if pair_name(dimension, other).startswith(dimension + "+") else second


def _rollup_query(report: ReportFilter, dimension: str, by_day: bool = False, condition=None):
    """Select the rollup rows covering the period: whole months as month rows, the edges as day rows.

    One select per (span, day range), so that each reads its stretch of the (dimension, span, day)
    index; a single select with an OR between spans made SQLite read every row of the dimension.
    """
    parts = []
    for span, first, last in _spans(report.start, report.end, by_day):
        query = select(col(CaseRollup.day), col(CaseRollup.value), col(CaseRollup.figures)).where(
            col(CaseRollup.dimension) == dimension,
            col(CaseRollup.span) == span,
            col(CaseRollup.day) >= first,
            col(CaseRollup.day) <= last,
        )
        parts.append(query if condition is None else query.where(condition))
    return parts[0] if len(parts) == 1 else union_all(*parts)


def _spans(start: date, end: date, by_day: bool) -> list[tuple[str, date, date]]:
    """Return the (span, first day, last day) stretches that cover a period: months inside, days at the edges."""
    months = [] if by_day else _whole_months(start, end)
    if not months:
        return [("day", start, end)]
    after = (months[-1] + timedelta(days=32)).replace(day=1)
    spans = [("month", months[0], months[-1])]
    if start < months[0]:
        spans.append(("day", start, months[0] - timedelta(days=1)))
    if after <= end:
        spans.append(("day", after, end))
    return spans


def _whole_months(start: date, end: date) -> list[date]:
    month = start if start.day == 1 else (start.replace(day=1) + timedelta(days=32)).replace(day=1)
    months = []
    while (month + timedelta(days=32)).replace(day=1) - timedelta(days=1) <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _live_rows(session: Session, report: ReportFilter):
    first, last = report.bounds()
    query = case_rows().where(col(Case.opened_at) >= first, col(Case.opened_at) < last)
    return session.exec(_where_dimensions(query, report))


def _live_daily(session: Session, report: ReportFilter) -> list[tuple[date, dict]]:
    now = utcnow()
    days: defaultdict[date, dict] = defaultdict(definitions.empty)
    for row in _live_rows(session, report):
        definitions.add_case(days[local_day(row.opened_at, report.utc_offset_hours)], facts_from_row(row), now)
    return list(days.items())


def _live_groups(session: Session, report: ReportFilter, dimension: str) -> dict[str, dict]:
    now = utcnow()
    groups: defaultdict[str, dict] = defaultdict(definitions.empty)
    for row in _live_rows(session, report):
        definitions.add_case(groups[dimension_value(row, dimension)], facts_from_row(row), now)
    return groups


def _where_dimensions(query, report: ReportFilter):
    if report.department:
        query = query.where(Case.department_id == int(report.department))
    if report.channel:
        query = query.where(Case.channel == report.channel)
    if report.region:
        query = query.where(Case.region == report.region)
    if report.agent:
        query = query.where(Case.assignee_id == int(report.agent))
    segment = {name: getattr(report, name) for name in SEGMENT_DIMENSIONS if getattr(report, name)}
    if segment:
        citizens = select(Citizen.id).where(*(getattr(Citizen, name) == value for name, value in segment.items()))
        query = query.where(col(Case.citizen_id).in_(citizens))
    return query


# Drill-down: the cases behind a figure. Each key names a condition on the case row.
DRILLDOWNS = {
    "cases": lambda now: [],
    "first_late": lambda now: [
        col(Case.first_response_due_at).is_not(None),
        _late(Case.first_response_at, Case.first_response_due_at, now),
    ],
    "resolution_late": lambda now: [
        col(Case.resolution_due_at).is_not(None),
        _late(Case.resolved_at, Case.resolution_due_at, now),
    ],
    "unresolved": lambda now: [col(Case.resolved_at).is_(None)],
    "transferred": lambda now: [col(Case.transfer_count) > 0],
    "repeat_citizen": lambda now: [col(Case.repeat_citizen)],
    "repeat_topic": lambda now: [col(Case.repeat_topic)],
    "open": lambda now: [col(Case.status).in_(OPEN_STATUSES)],
    "overdue": lambda now: [col(Case.status).in_(OPEN_STATUSES), col(Case.overdue)],
}


def _late(done, due, now):
    return or_(and_(col(done).is_not(None), col(done) > col(due)), and_(col(done).is_(None), col(due) <= now))


COUNT_CAP = 10_000


def _total(session: Session, query) -> int:
    """Count the matching cases, stopping at COUNT_CAP + 1 (pages say "10000+")."""
    capped = query.with_only_columns(Case.id).limit(COUNT_CAP + 1).subquery()
    return session.exec(select(func.count()).select_from(capped)).one()


def cases_behind(session: Session, report: ReportFilter, figure: str, page: int, per_page: int = 50):
    """Return (total, cases) for the cases behind one figure, newest first."""
    if figure not in DRILLDOWNS:
        raise ValueError(f"unknown figure {figure!r}; known: {', '.join(DRILLDOWNS)}")
    query = select(Case)
    if figure not in ("open", "overdue"):
        first, last = report.bounds()
        query = query.where(col(Case.opened_at) >= first, col(Case.opened_at) < last)
    query = _where_dimensions(query, report)
    for condition in DRILLDOWNS[figure](utcnow()):
        query = query.where(condition)
    total = _total(session, query)
    rows = session.exec(query.order_by(col(Case.opened_at).desc()).offset((page - 1) * per_page).limit(per_page))
    return total, list(rows)
