"""The telephone figures, defined once: service level, abandon rate, average wait, average handle time, calls per
agent and per hour of the day.

Every call that asked for an agent and has ended counts, by the moment it
arrived. Service level: the share of those callers answered within the target
wait (CALL_SERVICE_LEVEL_SECONDS, 20 s by default). Abandon rate: the share who
hung up while waiting (a caller who chose a message or a call-back did not
abandon). Average wait: from joining the queue to an answer, or to leaving it.
Average handle time: talk time plus the wrap-up after the call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlmodel import Session, col, select

from feedback.calls.models import ABANDONED, ANSWERED, ENDED, LiveCall
from feedback.calls.wrapup import handle_seconds, waited
from staff.models import User


@dataclass(frozen=True)
class CallFacts:
    """What the figures need of one ended call."""

    arrived_at: datetime
    waited_seconds: int
    outcome: str
    agent: str | None = None
    handle_seconds: int | None = None


def figures(calls: Iterable[CallFacts], target_seconds: int, zone: tzinfo | None = None) -> dict:
    """Return the figures of these calls (rates are None when there is nothing to divide by)."""
    calls = list(calls)
    answered = [c for c in calls if c.outcome == ANSWERED]
    handled = [c.handle_seconds for c in answered if c.handle_seconds is not None]
    return {
        "calls": len(calls),
        "answered": len(answered),
        "abandoned": sum(1 for c in calls if c.outcome == ABANDONED),
        "service_level": _share(sum(1 for c in answered if c.waited_seconds <= target_seconds), len(calls)),
        "abandon_rate": _share(sum(1 for c in calls if c.outcome == ABANDONED), len(calls)),
        "average_wait": _mean([c.waited_seconds for c in calls]),
        "average_answer_wait": _mean([c.waited_seconds for c in answered]),
        "average_handle": _mean(handled),
        "per_agent": dict(Counter(c.agent for c in answered if c.agent).most_common()),
        "per_hour": dict(sorted(Counter(c.arrived_at.astimezone(zone).hour for c in calls).items())),
        "target_seconds": target_seconds,
    }


def for_period(session: Session, start: datetime, end: datetime, target_seconds: int, zone: tzinfo) -> dict:
    """Return the figures of the calls that arrived in [start, end) and have ended."""
    query = (
        select(LiveCall, User.username)
        .outerjoin(User, col(User.id) == col(LiveCall.agent_id))
        .where(LiveCall.state == ENDED, col(LiveCall.arrived_at) >= start, col(LiveCall.arrived_at) < end)
    )
    facts = (
        CallFacts(call.arrived_at, waited(call), call.outcome or "", name, handle_seconds(call))
        for call, name in session.exec(query)
    )
    return figures(facts, target_seconds, zone)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None
