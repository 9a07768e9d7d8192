"""SLA settings as data: the TOML file an operator edits, and the tables the service reads them from."""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, event, func
from sqlmodel import Session, col, select

from core.db import per_transaction
from core.refusal import Refusal
from feedback.sla.calendar import CalendarError, WorkCalendar, check_timezone, parse_spans, parse_weekdays
from feedback.sla.models import UNITS, Holiday, SlaPolicy, WorkingCalendar
from router.kinds import KINDS

DEFAULT_FILE = Path(__file__).with_name("sla.default.toml")
NEXT_YEAR_FROM_MONTH = 11  # from November on, next year's holidays are due to be entered
PRIORITIES = ("urgent", "high", "normal", "low")


class SlaConfigError(Refusal):
    """The SLA file or an edit cannot be used; the message says where and why."""


@dataclass(frozen=True)
class SlaConfig:
    """Everything an SLA file holds, checked."""

    calendar: WorkingCalendar
    policies: list[SlaPolicy]
    holidays: list[Holiday]


def config_path(data_dir: Path) -> Path:
    """Return the data directory's sla.toml, copying the shipped presets there on first start."""
    path = data_dir / "sla.toml"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_FILE, path)
    return path


def read(path: Path) -> SlaConfig:
    """Read and check an SLA file."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SlaConfigError("%(path)s: %(error)s", path=str(path), error=str(exc)) from exc
    try:
        calendar = _calendar(document.get("calendar", {}))
        policies = [_policy(entry) for entry in document.get("policy", [])]
        holidays = [h for entry in document.get("holiday", []) for h in _holidays(entry)]
    except (CalendarError, SlaConfigError, TypeError, ValueError) as exc:
        raise SlaConfigError("%(path)s: %(error)s", path=str(path), error=str(exc)) from exc
    if not any(not (p.department_code or p.kind or p.priority) for p in policies):
        raise SlaConfigError(
            "%(path)s: one [[policy]] must match every case (no department, kind or priority)", path=str(path)
        )
    return SlaConfig(calendar, policies, holidays)


def replace_all(session: Session, config: SlaConfig) -> None:
    """Make the database hold exactly this configuration (in the caller's transaction)."""
    session.exec(delete(Holiday))
    session.exec(delete(WorkingCalendar))
    forget_cached(session)
    existing = {(p.department_code, p.kind, p.priority): p for p in session.exec(select(SlaPolicy))}
    for policy in config.policies:
        key = (policy.department_code, policy.kind, policy.priority)
        target = existing.pop(key, None) or SlaPolicy(
            first_response_limit=0, resolution_limit=0, department_code=key[0], kind=key[1], priority=key[2]
        )
        for name in ("name", "first_response_limit", "first_response_unit", "resolution_limit", "resolution_unit"):
            setattr(target, name, getattr(policy, name))
        session.add(target)
    for stale in existing.values():
        session.delete(stale)  # clocks keep their limits; only new cases stop matching it
    session.add(config.calendar)
    session.add_all(config.holidays)
    session.flush()


_CALENDAR_KEY = "civicline.work_calendar"
POLICIES_KEY = "civicline.sla_policies"


def ensure_defaults(session: Session, data_dir: Path) -> bool:
    """Load the data directory's SLA file when the database has no policies yet; return whether it did."""
    if session.exec(select(func.count()).select_from(SlaPolicy)).one():
        return False
    replace_all(session, read(config_path(data_dir)))
    return True


def load_calendar(session: Session) -> WorkCalendar:
    """Return the working calendar as the database holds it now (read once per transaction)."""
    return per_transaction(session, _CALENDAR_KEY, lambda: _read_calendar(session))


def _read_calendar(session: Session) -> WorkCalendar:
    row = session.get(WorkingCalendar, 1) or WorkingCalendar()
    exceptions = dict(session.exec(select(col(Holiday.day), col(Holiday.workday))).all())
    return WorkCalendar(row.timezone, parse_spans(row.hours), parse_weekdays(row.weekdays), exceptions)


def years_without_holidays(session: Session, today: date) -> list[int]:
    """Return the years whose public holidays nobody has entered yet: this year, and next year from November.

    Holidays are announced once a year (in China by the State Council, around
    November), so they cannot ship with the product; until someone enters them,
    working-day limits count those days as working days.
    """
    wanted = [today.year, today.year + 1] if today.month >= NEXT_YEAR_FROM_MONTH else [today.year]
    entered = {
        day.year for day in session.exec(select(col(Holiday.day)).where(col(Holiday.day) >= date(today.year, 1, 1)))
    }
    return [year for year in wanted if year not in entered]


def forget_cached(session: Session) -> None:
    """Drop this transaction's copies of the calendar and the policies (after writing them)."""
    session.info.pop(_CALENDAR_KEY, None)
    session.info.pop(POLICIES_KEY, None)


@event.listens_for(Session, "before_flush")
def _forget_changed_settings(session: Session, _context, instances) -> None:
    # A transaction that edits the calendar, holidays or policies reads them afresh afterwards.
    # A flush of a few objects (a new case, for its id) writes only those.
    touched = (*session.new, *session.dirty, *session.deleted) if instances is None else instances
    if any(isinstance(row, Holiday | WorkingCalendar | SlaPolicy) for row in touched):
        forget_cached(session)


def check_policy(policy: SlaPolicy) -> SlaPolicy:
    """Return the policy when its limits and scope make sense, or raise SlaConfigError."""
    for clock in ("first_response", "resolution"):
        limit, unit = getattr(policy, f"{clock}_limit"), getattr(policy, f"{clock}_unit")
        if unit not in UNITS:
            raise SlaConfigError(
                "%(clock)s: the unit must be one of %(units)s, not %(unit)r", clock=clock, units=UNITS, unit=unit
            )
        if not 0 < float(limit) <= 10000:
            raise SlaConfigError("%(clock)s: the limit must be a positive number up to 10000, not %(limit)r",
                                 clock=clock, limit=limit)  # fmt: skip
    if policy.kind and policy.kind not in KINDS:
        raise SlaConfigError("kind must be one of %(kinds)s or empty, not %(kind)r", kinds=KINDS, kind=policy.kind)
    if policy.priority and policy.priority not in PRIORITIES:
        raise SlaConfigError(
            "priority must be one of %(priorities)s or empty, not %(priority)r",
            priorities=PRIORITIES, priority=policy.priority,
        )  # fmt: skip
    return policy


def _calendar(entry: dict) -> WorkingCalendar:
    row = WorkingCalendar(
        timezone=check_timezone(str(entry.get("timezone", "Asia/Shanghai"))),
        hours=str(entry.get("hours", "09:00-12:00,13:30-17:30")),
        weekdays=str(entry.get("weekdays", "1,2,3,4,5")),
    )
    parse_spans(row.hours), parse_weekdays(row.weekdays)
    return row


def _policy(entry: dict) -> SlaPolicy:
    first_limit, first_unit = _limit(entry, "first_response")
    limit, unit = _limit(entry, "resolution")
    return check_policy(
        SlaPolicy(
            name=str(entry.get("name", "")),
            department_code=str(entry.get("department", "")),
            kind=str(entry.get("kind", "")),
            priority=str(entry.get("priority", "")),
            first_response_limit=first_limit,
            first_response_unit=first_unit,
            resolution_limit=limit,
            resolution_unit=unit,
        )
    )


def _limit(entry: dict, clock: str) -> tuple[float, str]:
    value = entry.get(clock)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int | float)):
        raise SlaConfigError(
            'policy %(name)r: %(clock)s must read like [3, "working_days"]', name=entry.get("name", "?"), clock=clock
        )
    return float(value[0]), str(value[1])


def _holidays(entry: dict) -> list[Holiday]:
    name, workday = str(entry.get("name", "")), bool(entry.get("workday", False))
    days = entry.get("dates")
    if not isinstance(days, list) or not days:
        raise SlaConfigError('holiday %(name)r needs dates = ["YYYY-MM-DD", ...]', name=name)
    return [Holiday(day=_day(d), name=name, workday=workday) for d in days]


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise SlaConfigError("not a date (YYYY-MM-DD): %(value)r", value=value) from None
