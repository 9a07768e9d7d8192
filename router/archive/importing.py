"""Check every row of a table of past tickets, then store all the good ones in one transaction, or none.

A row is refused, with its line, when it has no text, names a department the
catalogue does not know, or carries a date that cannot be read. By default one
refused row stops the whole import (nothing is written, so fixing the file and
running again is safe); `skip_bad` stores the good rows and lists the others.
Rows already imported (the same subject, text and department) are counted and
skipped, so the same export can be imported again after a fix.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from sqlmodel import Session, col, select

from router.archive.models import ArchivedTicket
from router.archive.reading import Table
from router.model.training import label_map
from staff.models import Department

MAX_TEXT = 20000
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:\s*T?\s*(\d{1,2})[:时](\d{2})(?:[:分](\d{2}))?)?"
)
_CHUNK = 500


@dataclass
class Plan:
    """What an import would do: the rows to store, the rows refused (line, reason), and the departments."""

    source: str
    good: list[ArchivedTicket] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)
    departments: Counter = field(default_factory=Counter)  # department code → rows

    @property
    def rows(self) -> int:
        return len(self.good) + len(self.bad)


def plan(
    session: Session, table: Table, source: str, zone: tzinfo = UTC, progress: Callable[[int], None] | None = None
) -> Plan:
    """Check every row against the catalogue; return the plan without writing anything.

    The file's times are the hotline's local time (`zone`); they are stored in UTC.
    """
    names = label_map(list(session.exec(select(Department))))
    result = Plan(source)
    for done, (line, cells) in enumerate(table.rows, start=1):
        ticket, reason = _ticket(table, cells, line, source, names, zone)
        if ticket is None:
            result.bad.append((line, reason))
        else:
            result.good.append(ticket)
            result.departments[ticket.department_code] += 1
        if progress is not None and done % 200 == 0:
            progress(200)
    if progress is not None:
        progress(len(table.rows) % 200)
    return result


def store(session: Session, plan: Plan) -> tuple[int, int]:
    """Add the plan's good rows not imported before, in the caller's transaction; return (stored, already there)."""
    seen: set[str] = set()
    fingerprints = [ticket.fingerprint for ticket in plan.good]
    for start in range(0, len(fingerprints), _CHUNK):
        chunk = fingerprints[start : start + _CHUNK]
        seen.update(session.exec(select(ArchivedTicket.fingerprint).where(col(ArchivedTicket.fingerprint).in_(chunk))))
    fresh: dict[str, ArchivedTicket] = {}
    for ticket in plan.good:
        if ticket.fingerprint not in seen:
            fresh.setdefault(ticket.fingerprint, ticket)  # a row repeated within the file is kept once too
    session.add_all(fresh.values())
    return len(fresh), len(plan.good) - len(fresh)


def _ticket(
    table: Table, cells: list[str], line: int, source: str, names: dict[str, str], zone: tzinfo
) -> tuple[ArchivedTicket | None, str]:
    text, subject = table.value(cells, "text"), table.value(cells, "subject")
    label = table.value(cells, "department")
    if not text and not subject:
        return None, "no text"
    if len(text) > MAX_TEXT:
        return None, f"text longer than {MAX_TEXT} characters"
    if not label:
        return None, "no department"
    code = names.get(label.lower())
    if code is None:
        return None, f"department {label!r} is not in the catalogue (name it by code, name_zh or name_en)"
    written = table.value(cells, "opened_at")
    opened_at = local_date(written, zone) if written else None
    if written and opened_at is None:
        return None, f"cannot read the date {written!r} (write it as 2024-03-05 or 2024-03-05 14:30)"
    digest = hashlib.sha1(f"{subject}\x1f{text}\x1f{code}".encode()).hexdigest()
    ticket = ArchivedTicket(
        source=source[:255], line=line, reference=table.value(cells, "reference")[:64] or None,
        subject=subject[:500], text=text, department_code=code, opened_at=opened_at, fingerprint=digest,
    )  # fmt: skip
    return ticket, ""


def local_date(written: str, zone: tzinfo) -> datetime | None:
    """Read a local date as exports write it (2024-03-05, 2024/3/5 14:30, 2024年3月5日); return it in UTC."""
    match = _DATE.search(written)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone).astimezone(UTC)
    except ValueError:
        return None
