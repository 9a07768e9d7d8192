"""The hot-spot page's default view, computed every few minutes by a worker so the page reads it at once.

Mining the last 30 days of a busy county (20,000 messages) and scanning four
months for recurring problems take seconds; a supervisor opening the page should
not wait for them. A periodic job stores both in Redis with the time they were
computed; the page shows that time, and any other period is mined on request.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

import redis
from sqlmodel import Session

from core import localtime
from core.clock import utcnow
from feedback.hotspots import cases, recurring
from feedback.hotspots.mining import HotSpot, mine

KEY = "civicline:hotspots:snapshot"
DAYS = 30  # the page's default period: the last 30 days, today included
KEPT = timedelta(minutes=20)  # a snapshot older than this is not shown (the job refreshes it every 5 minutes)
SHOWN = 50


@dataclass(frozen=True)
class Snapshot:
    start: date
    end: date
    computed_at: datetime
    spots: list[HotSpot]
    recurring: list[recurring.Recurring]


def default_period(zone: tzinfo, now: datetime | None = None) -> tuple[date, date]:
    today = localtime.today(zone, now)
    return today - timedelta(DAYS), today


def compute(session: Session, zone: tzinfo, start: date, end: date) -> list[HotSpot]:
    """Mine the cases opened in the local days [start, end]."""
    since = datetime.combine(start, time(), zone)
    until = datetime.combine(end + timedelta(days=1), time(), zone)
    return mine(cases.messages(session, since, until))


def refresh(session: Session, connection: redis.Redis, zone: tzinfo) -> Snapshot:
    """Compute the default view now and keep it for the page."""
    start, end = default_period(zone)
    found = Snapshot(start, end, utcnow(), compute(session, zone, start, end)[:SHOWN], recurring.find(session)[:SHOWN])
    connection.set(KEY, pickle.dumps(found), ex=int(KEPT.total_seconds()))
    return found


def read(connection: redis.Redis, start: date | None = None, end: date | None = None) -> Snapshot | None:
    """Return the kept view when it is recent enough (and of this period, when one is given); None otherwise.

    The recurring problems do not depend on the period, so any recent snapshot serves them.
    """
    try:
        stored = connection.get(KEY)
    except redis.RedisError:
        return None
    if not isinstance(stored, bytes):
        return None
    found = pickle.loads(stored)  # written by our own workers into our own Redis
    if utcnow() - found.computed_at > KEPT:
        return None
    if start is not None and (found.start, found.end) != (start, end):
        return None
    return found
