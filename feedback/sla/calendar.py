"""Working time: add a time limit to a moment, or measure the time between two, in hours or working time.

A working day is a weekday of the calendar that is not a public holiday, or a
make-up working day (调休) even when it falls on a weekend. Its working time is
the calendar's spans (e.g. 09:00-12:00 and 13:30-17:30) in the hotline's own
time zone; a limit of N working days is N times that length of working time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.refusal import Refusal

MAX_DAYS = 3 * 366  # no limit needs more; stops a calendar without working days from looping forever


class CalendarError(Refusal):
    """A working calendar that cannot be used; the message says which field and why."""


@dataclass(frozen=True)
class WorkCalendar:
    """Working spans per day, working weekdays, and the exceptions: holidays and make-up working days."""

    timezone: str = "Asia/Shanghai"
    spans: tuple[tuple[time, time], ...] = ((time(9), time(12)), (time(13, 30), time(17, 30)))
    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    exceptions: dict[date, bool] = field(default_factory=dict)  # day → is it a working day

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def day_seconds(self) -> int:
        """Return the working time in one working day, in seconds."""
        return sum(_seconds(end) - _seconds(start) for start, end in self.spans)

    def is_working_day(self, day: date) -> bool:
        """Tell whether staff work on this day."""
        if day in self.exceptions:
            return self.exceptions[day]
        return day.isoweekday() in self.weekdays

    def limit_seconds(self, limit: float, unit: str) -> int:
        """Return a limit as seconds of the time it is counted in (wall-clock or working time)."""
        if unit == "working_days":
            return round(limit * self.day_seconds)
        return round(limit * 3600)

    def add(self, start: datetime, seconds: float, unit: str) -> datetime:
        """Return the moment `seconds` of counted time after `start` (working time unless unit is 'hours')."""
        if unit == "hours":
            return start + timedelta(seconds=seconds)
        remaining = timedelta(seconds=seconds)
        for span_start, span_end in self._spans_from(start):
            available = span_end - span_start
            if remaining <= available:
                return (span_start + remaining).astimezone(UTC)
            remaining -= available
        raise CalendarError("the working calendar has no working time within %(days)d days", days=MAX_DAYS)

    def between(self, start: datetime, end: datetime, unit: str) -> int:
        """Return the seconds of counted time from `start` to `end` (0 when end is earlier)."""
        if end <= start:
            return 0
        if unit == "hours":
            return int((end - start).total_seconds())
        total = timedelta()
        for span_start, span_end in self._spans_from(start):
            if span_start >= end:
                break
            total += min(span_end, end) - span_start
        return int(total.total_seconds())

    def _spans_from(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        # Working spans in time order, the first one clipped to begin no earlier than `start`.
        local = start.astimezone(self.zone)
        for offset in range(MAX_DAYS):
            day = local.date() + timedelta(days=offset)
            if not self.is_working_day(day):
                continue
            for span_start, span_end in self.spans:
                begin = datetime.combine(day, span_start, self.zone)
                finish = datetime.combine(day, span_end, self.zone)
                if finish > local:
                    yield max(begin, local), finish


def parse_spans(text: str) -> tuple[tuple[time, time], ...]:
    """Read working spans written as '09:00-12:00,13:30-17:30'."""
    spans = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        try:
            begin, end = (time.fromisoformat(t.strip()) for t in part.split("-"))
        except ValueError:
            raise CalendarError("working hours must read like 09:00-12:00, not %(part)r", part=part) from None
        if end <= begin:
            raise CalendarError("working span %(part)r ends before it begins", part=part)
        spans.append((begin, end))
    if not spans:
        raise CalendarError("a working day needs at least one span of working hours")
    if any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)):
        raise CalendarError("working spans must be in order and must not overlap")
    return tuple(spans)


def parse_weekdays(text: str) -> frozenset[int]:
    """Read ISO weekdays written as '1,2,3,4,5' (Monday is 1)."""
    try:
        days = frozenset(int(p) for p in text.split(",") if p.strip())
    except ValueError:
        raise CalendarError("weekdays must be numbers 1-7 separated by commas, not %(text)r", text=text) from None
    if not days or not days <= set(range(1, 8)):
        raise CalendarError("weekdays must be numbers 1-7 (Monday is 1), not %(text)r", text=text)
    return days


def check_timezone(name: str) -> str:
    """Return a time zone name the system knows, or raise CalendarError."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError("unknown time zone %(name)r (use an IANA name such as Asia/Shanghai)", name=name) from None
    return name


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second
