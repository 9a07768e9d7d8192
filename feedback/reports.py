"""Answer the dashboard's questions from the daily rollup (fast) or, for combined filters, from the cases."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback import metrics
from feedback.models import OPEN_STATUSES, Case
from feedback.rollup import CaseRollup, case_columns, facts_from_row, local_day

FILTER_DIMENSIONS = ("department", "channel", "region", "agent")
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
        return replace(self, **{dimension: ""})


def figures(session: Session, report: ReportFilter) -> dict:
    """Return the summed figures for the filter."""
    return metrics.summed(part for _day, part in _daily(session, report))


def trend(session: Session, report: ReportFilter) -> list[tuple[date, dict]]:
    """Return figures per day (up to 62 days) or per week (longer periods), oldest first."""
    weekly = (report.end - report.start).days > 62
    buckets: dict[date, dict] = defaultdict(metrics.empty)
    for day, part in _daily(session, report):
        key = day - timedelta(days=day.weekday()) if weekly else day
        metrics.merge(buckets[key], part)
    return sorted(buckets.items())


def breakdown(session: Session, report: ReportFilter, dimension: str) -> list[tuple[str, dict]]:
    """Return figures per value of one dimension, biggest first."""
    if not report.without(dimension).chosen:
        rows = session.exec(_rollup_query(report, dimension))
        groups: dict[str, dict] = defaultdict(metrics.empty)
        for row in rows:
            metrics.merge(groups[row.value], row.figures)
    else:
        groups = _live_groups(session, report, dimension)
    if getattr(report, dimension):
        groups = {k: v for k, v in groups.items() if k == getattr(report, dimension)}
    return sorted(groups.items(), key=lambda item: -item[1]["cases"])


def backlog(session: Session, report: ReportFilter, now: datetime | None = None) -> dict:
    """Return the open cases now (whatever their opening day) and how old they are."""
    now = now or utcnow()
    query = select(Case.opened_at, Case.overdue).where(col(Case.status).in_(OPEN_STATUSES))
    query = _where_dimensions(query, report)
    ages = [0] * len(AGE_BUCKETS)
    overdue = 0
    for opened_at, is_overdue in session.exec(query):
        days = (now - opened_at).total_seconds() / 86400
        ages[next(i for i, (limit, _) in enumerate(AGE_BUCKETS) if limit is None or days < limit)] += 1
        overdue += bool(is_overdue)
    return {"open": sum(ages), "overdue": overdue, "ages": list(zip([b[1] for b in AGE_BUCKETS], ages, strict=True))}


def _daily(session: Session, report: ReportFilter):
    chosen = report.chosen
    if len(chosen) <= 1:
        dimension, value = next(iter(chosen.items()), ("all", ""))
        query = _rollup_query(report, dimension).where(CaseRollup.value == value)
        return [(row.day, row.figures) for row in session.exec(query)]
    return _live_daily(session, report)


def _rollup_query(report: ReportFilter, dimension: str):
    return select(CaseRollup).where(
        CaseRollup.dimension == dimension, col(CaseRollup.day) >= report.start, col(CaseRollup.day) <= report.end
    )


def _live_rows(session: Session, report: ReportFilter):
    first, last = report.bounds()
    query = select(*case_columns()).where(col(Case.opened_at) >= first, col(Case.opened_at) < last)
    return session.exec(_where_dimensions(query, report))


def _live_daily(session: Session, report: ReportFilter) -> list[tuple[date, dict]]:
    now, days = utcnow(), defaultdict(metrics.empty)
    for row in _live_rows(session, report):
        metrics.add_case(days[local_day(row.opened_at, report.utc_offset_hours)], facts_from_row(row), now)
    return list(days.items())


def _live_groups(session: Session, report: ReportFilter, dimension: str) -> dict[str, dict]:
    now, groups = utcnow(), defaultdict(metrics.empty)
    attribute = {"department": "department_id", "agent": "assignee_id"}.get(dimension, dimension)
    for row in _live_rows(session, report):
        metrics.add_case(groups[str(getattr(row, attribute) or "")], facts_from_row(row), now)
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
    from sqlalchemy import and_, or_

    return or_(and_(col(done).is_not(None), col(done) > col(due)), and_(col(done).is_(None), col(due) <= now))


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
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Case.opened_at).desc()).offset((page - 1) * per_page).limit(per_page))
    return total, list(rows)
