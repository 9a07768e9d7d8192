"""The hotline's local time: stored times are UTC, but staff read them in one zone (HOTLINE_TIMEZONE)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_FIXED = re.compile(r"^UTC([+-])(\d{1,2})(?::?(\d{2}))?$")


@lru_cache(maxsize=16)
def zone(name: str) -> tzinfo:
    """Return the zone an IANA name (Asia/Shanghai) or a fixed offset (UTC+8, UTC+05:30) names; raise ValueError."""
    fixed = _FIXED.match(name.strip())
    if fixed:
        sign, hours, minutes = fixed.groups()
        offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
        if offset > timedelta(hours=14):
            raise ValueError(f"{name!r} is more than 14 hours from UTC")
        return timezone(-offset if sign == "-" else offset, name.strip())
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai, or UTC+8)") from None


def fixed_zone_name(hours: float) -> str:
    """Name a whole or fractional UTC offset the way `zone` reads it (8 → UTC+8, 5.5 → UTC+5:30)."""
    minutes = round(abs(hours) * 60)
    sign = "-" if hours < 0 else "+"
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def utc_offset_hours(tz: tzinfo, at: datetime | None = None) -> float:
    """Return the zone's offset from UTC at a moment (now by default), in hours."""
    moment = (at or datetime.now(UTC)).astimezone(tz)
    offset = moment.utcoffset() or timedelta(0)
    return offset.total_seconds() / 3600


def local(moment: datetime, tz: tzinfo) -> datetime:
    """Return a stored moment in the hotline's zone; a naive one is UTC (as SQLite hands some back)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


def today(tz: tzinfo, now: datetime | None = None) -> date:
    """Return the hotline's local date, which is what 'today' means on its pages."""
    return local(now or datetime.now(UTC), tz).date()


def label(moment: datetime) -> str:
    """Return the short name of a local moment's zone ('CST'), or its offset when the zone has no letters."""
    name = moment.tzname() or ""
    if name and not name.lstrip("+-").isdigit():
        return name
    return fixed_zone_name(utc_offset_hours(moment.tzinfo or UTC, moment))


@dataclass(frozen=True)
class Distance:
    """How far a due time is from now, rounded to one unit a person reads at a glance."""

    overdue: bool
    amount: int
    unit: str  # "min", "h" or "d"


def distance(due: datetime, now: datetime) -> Distance:
    """Return how long until (or since) a due time: minutes under an hour, hours under two days, else days."""
    if due.tzinfo is None:
        due = due.replace(tzinfo=UTC)
    seconds = (due - now).total_seconds()
    span = abs(seconds)
    if span < 3600:
        amount, unit = max(1, round(span / 60)), "min"
    elif span < 48 * 3600:
        amount, unit = round(span / 3600), "h"
    else:
        amount, unit = round(span / 86400), "d"
    return Distance(overdue=seconds < 0, amount=amount, unit=unit)
