"""Bounced cases made visible: each transfer between departments, and how long the case then waited unclaimed.

A transfer leaves a 'transferred' event ({from_department_id, to_department_id,
reason}). The case is unclaimed from then until someone in the new department
takes it up: an 'assigned' event with an assignee, a status change to work on
it, a reply to the citizen, or the next transfer (which starts a new leg).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback.cases.models import Case, CaseEvent

_CLAIMING_STATUSES = {"assigned", "in_progress", "waiting_on_citizen", "resolved", "closed"}
_CLAIMING_KINDS = {"replied", "first_response"}


@dataclass(frozen=True)
class Transfer:
    """One move of a case between departments, and how long it then waited for someone to take it."""

    case_id: int
    at: datetime
    from_department_id: int | None
    to_department_id: int | None
    reason: str
    claimed_at: datetime | None
    unclaimed_seconds: int


def transfers(session: Session, case_ids: Iterable[int]) -> dict[int, list[Transfer]]:
    """Return every transfer of the given cases, oldest first, with the unclaimed time after each."""
    ids = list(case_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(CaseEvent).where(col(CaseEvent.case_id).in_(ids)).order_by(col(CaseEvent.case_id), col(CaseEvent.id))
    ).all()
    ends = {c.id: c.closed_at or c.resolved_at for c in session.exec(select(Case).where(col(Case.id).in_(ids)))}
    by_case: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in rows:
        by_case[event.case_id].append(event)
    return {case_id: _legs(case_id, events, ends.get(case_id)) for case_id, events in by_case.items()}


def unclaimed_seconds(session: Session, case_id: int) -> int:
    """Return the total time a case spent unclaimed after transfers."""
    return sum(t.unclaimed_seconds for t in transfers(session, [case_id]).get(case_id, []))


def _legs(case_id: int, events: list[CaseEvent], ended_at: datetime | None) -> list[Transfer]:
    legs: list[Transfer] = []
    for index, event in enumerate(events):
        if event.kind != "transferred":
            continue
        claimed = next((e.created_at for e in events[index + 1 :] if _claims(e)), None)
        stop = claimed or ended_at or utcnow()
        detail = event.detail
        legs.append(
            Transfer(
                case_id=case_id,
                at=event.created_at,
                from_department_id=detail.get("from_department_id"),
                to_department_id=detail.get("to_department_id"),
                reason=str(detail.get("reason", "")),
                claimed_at=claimed,
                unclaimed_seconds=max(0, int((stop - event.created_at).total_seconds())),
            )
        )
    return legs


def _claims(event: CaseEvent) -> bool:
    if event.kind == "transferred" or event.kind in _CLAIMING_KINDS:
        return True
    if event.kind == "assigned":
        return event.detail.get("assignee_id") is not None
    return event.kind == "status_changed" and event.to_status in _CLAIMING_STATUSES
