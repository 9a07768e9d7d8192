"""Daily figures per dimension, kept up to date so that the dashboard reads a few thousand rows, not millions.

One row per (span, day, dimension, value): dimension 'all' (value ''), a
case dimension ('department', 'channel', 'region', 'agent'), a segment of the
citizen's profile ('county', 'township', 'age_group', 'occupation') or a pair
of them; span 'day', or 'month' (the sum of that month's day rows, `day` being
the 1st) so that a year is read from twelve rows per value instead of 365. A
refresh recomputes every day on which some case changed since the last refresh
(cases carry `updated_at`), so a case resolved months after it opened still
updates its own day's row, and then the months those days fall in. A citizen
whose profile changed (`citizen.updated_at`) has the days of all their cases
recomputed, so a county filled in later counts the cases opened before.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import JSON, Column, Date, UniqueConstraint, delete, func, insert, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Field, SQLModel, col

from core.clock import utcnow
from core.db import read_only
from feedback.cases.models import Case, CaseEvent
from feedback.metrics import definitions
from feedback.surveys.models import SurveyResponse
from router.identity.models import Citizen

CASE_DIMENSIONS = ("department", "channel", "region", "agent")
# Who the citizen is, read from their profile as it stands (not as it stood when the case opened).
SEGMENT_DIMENSIONS = ("county", "township", "age_group", "occupation")
SINGLE = CASE_DIMENSIONS + SEGMENT_DIMENSIONS
# Pairs, so that a table by one dimension can be filtered by another without reading the cases:
# every pair of case dimensions, and each segment with department and channel. Other pairs are
# counted from the cases (reports._live_daily).
PAIRS = tuple((a, b) for i, a in enumerate(CASE_DIMENSIONS) for b in CASE_DIMENSIONS[i + 1 :]) + tuple(
    (a, b) for a in ("department", "channel") for b in SEGMENT_DIMENSIONS
)
PAIR_NAMES = frozenset(f"{a}+{b}" for a, b in PAIRS)
REFRESH_KEY = "rollup"
DAYS_PER_CHUNK = 31


class CaseRollup(SQLModel, table=True):
    """The figures of the cases opened on one (local) day with one dimension value."""

    __table_args__ = (UniqueConstraint("dimension", "span", "day", "value", name="uq_caserollup_key"),)

    id: int | None = Field(default=None, primary_key=True)
    span: str = Field(default="day", max_length=8)
    day: date = Field(sa_column=Column(Date, nullable=False, index=True))
    dimension: str = Field(max_length=32)
    value: str = Field(default="", max_length=200)
    figures: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class RollupState(SQLModel, table=True):
    """When the rollup was last brought up to date (one row)."""

    name: str = Field(primary_key=True, max_length=32)
    refreshed_at: datetime


def local_day(moment: datetime, utc_offset_hours: float) -> date:
    """Return the calendar day of a UTC moment in the hotline's time zone."""
    return (moment + timedelta(hours=utc_offset_hours)).date()


def refresh(engine: Engine, utc_offset_hours: float, full: bool = False) -> int:
    """Recompute the days whose cases changed since the last refresh (all days when `full`); return how many."""
    started = utcnow()
    # The reading is done without the write lock (which on SQLite would hold up every worker
    # for as long as a busy day takes to count); only the figures are written under it.
    with read_only(engine) as connection:
        since = (
            None
            if full
            else connection.execute(
                select(col(RollupState.refreshed_at)).where(col(RollupState.name) == REFRESH_KEY)
            ).scalar()
        )
        days = _changed_days(connection, since, utc_offset_hours)
    for chunk_start in range(0, len(days), DAYS_PER_CHUNK):
        chunk = days[chunk_start : chunk_start + DAYS_PER_CHUNK]
        with read_only(engine) as connection:
            rows = _day_rows(connection, chunk, utc_offset_hours, started)
        with engine.begin() as connection:
            connection.execute(delete(CaseRollup).where(col(CaseRollup.span) == "day", col(CaseRollup.day).in_(chunk)))
            for start in range(0, len(rows), 5_000):
                connection.execute(insert(CaseRollup), rows[start : start + 5_000])
    for month in sorted({day.replace(day=1) for day in days}):
        with engine.begin() as connection:
            _recompute_month(connection, month)
    with engine.begin() as connection:
        connection.execute(delete(RollupState).where(col(RollupState.name) == REFRESH_KEY))
        connection.execute(insert(RollupState).values(name=REFRESH_KEY, refreshed_at=started))
    return len(days)


def _changed_days(connection: Connection, since: datetime | None, offset: float) -> list[date]:
    query = select(col(Case.opened_at))
    if since is not None:
        edge = since - timedelta(seconds=5)
        profiles = select(col(Citizen.id)).where(col(Citizen.updated_at) >= edge)
        query = query.where(or_(col(Case.updated_at) >= edge, col(Case.citizen_id).in_(profiles)))
    # Reduce to distinct hours in SQL would be dialect-specific; opened_at values are cheap to scan.
    days = {local_day(row[0], offset) for row in connection.execute(query.execution_options(yield_per=50_000))}
    return sorted(days)


def _day_rows(connection: Connection, days: list[date], offset: float, now: datetime) -> list[dict]:
    first = datetime.combine(days[0], datetime.min.time(), tzinfo=now.tzinfo) - timedelta(hours=offset)
    last = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo) - timedelta(
        hours=offset
    )
    wanted = set(days)
    groups: dict[tuple[date, str, str], dict] = defaultdict(definitions.empty)
    for row in _case_rows(connection, first, last):
        day = local_day(row.opened_at, offset)
        if day not in wanted:
            continue
        facts = facts_from_row(row)
        for dimension, value in _dimension_values(row):
            definitions.add_case(groups[(day, dimension, value)], facts, now)
    return [{"span": "day", "day": d, "dimension": dim, "value": v, "figures": f} for (d, dim, v), f in groups.items()]


def _recompute_month(connection: Connection, month: date) -> None:
    following = (month + timedelta(days=32)).replace(day=1)
    days = select(col(CaseRollup.dimension), col(CaseRollup.value), col(CaseRollup.figures)).where(
        col(CaseRollup.span) == "day", col(CaseRollup.day) >= month, col(CaseRollup.day) < following
    )
    groups: dict[tuple[str, str], dict] = defaultdict(definitions.empty)
    for dimension, value, figures in connection.execute(days):
        definitions.merge(groups[(dimension, value)], figures)
    connection.execute(delete(CaseRollup).where(col(CaseRollup.span) == "month", col(CaseRollup.day) == month))
    rows = [{"span": "month", "day": month, "dimension": d, "value": v, "figures": f} for (d, v), f in groups.items()]
    if rows:
        connection.execute(insert(CaseRollup), rows)


def case_columns():
    """Return the case columns the figures are computed from (shared with live drill-down queries)."""
    reopened = (
        select(func.count())
        .select_from(CaseEvent)
        .where(col(CaseEvent.case_id) == Case.id, col(CaseEvent.kind) == "reopened")
        .scalar_subquery()
    )
    answer = (
        select(col(SurveyResponse.score))
        .where(col(SurveyResponse.case_id) == Case.id, col(SurveyResponse.answered_at).is_not(None))
        .order_by(col(SurveyResponse.answered_at).desc())
        .limit(1)
    )
    asked = select(func.count()).select_from(SurveyResponse).where(col(SurveyResponse.case_id) == Case.id)
    return (
        Case.id,
        Case.opened_at,
        Case.department_id,
        Case.channel,
        Case.region,
        Case.assignee_id,
        Case.first_response_at,
        Case.first_response_due_at,
        Case.resolved_at,
        Case.resolution_due_at,
        Case.answered_at,
        Case.transfer_count,
        Case.repeat_citizen,
        Case.repeat_topic,
        reopened.label("reopened"),
        answer.scalar_subquery().label("survey_score"),
        answer.with_only_columns(col(SurveyResponse.solved)).scalar_subquery().label("survey_solved"),
        asked.scalar_subquery().label("surveys_asked"),
        *(getattr(Citizen, name) for name in SEGMENT_DIMENSIONS),
    )


def case_rows():
    """Select `case_columns()` from the cases joined to their citizens."""
    return select(*case_columns()).select_from(Case).outerjoin(Citizen, col(Citizen.id) == Case.citizen_id)


def _case_rows(connection: Connection, start: datetime, end: datetime):
    query = case_rows().where(col(Case.opened_at) >= start, col(Case.opened_at) < end)
    return connection.execute(query.execution_options(yield_per=20_000))


def facts_from_row(row) -> definitions.CaseFacts:
    """Turn a row of `case_columns()` into the facts the metrics count."""
    return definitions.CaseFacts(
        opened_at=row.opened_at,
        first_response_at=row.first_response_at,
        first_response_due_at=row.first_response_due_at,
        resolved_at=row.resolved_at,
        resolution_due_at=row.resolution_due_at,
        answered_at=row.answered_at,
        transfer_count=row.transfer_count,
        reopened=bool(row.reopened),
        repeat_citizen=bool(row.repeat_citizen),
        repeat_topic=bool(row.repeat_topic),
        survey_score=row.survey_score,
        survey_solved=_solved(row.survey_score, row.survey_solved),
        survey_asked=bool(row.surveys_asked),
    )


def _solved(score: int | None, solved: bool | None) -> bool | None:
    # A citizen who only gave a score is counted as solved at 3 or more (基本满意 and above).
    if solved is not None or score is None:
        return solved
    return score >= 3


def pair_name(a: str, b: str) -> str:
    """Return the rollup dimension name of a pair, in canonical order (whether or not the rollup keeps it)."""
    first, second = sorted((a, b), key=SINGLE.index)
    return f"{first}+{second}"


def dimension_value(row, dimension: str) -> str:
    """Return the value a row of `case_rows()` has in one dimension ('' when not recorded)."""
    if dimension == "department":
        return str(row.department_id)
    if dimension == "agent":
        return str(row.assignee_id or "")
    return getattr(row, dimension) or ""


def _dimension_values(row) -> list[tuple[str, str]]:
    values = {name: dimension_value(row, name) for name in SINGLE}
    singles = [("all", "")] + [(name, values[name]) for name in SINGLE]
    return singles + [(f"{a}+{b}", f"{values[a]}|{values[b]}") for a, b in PAIRS]
