"""Time limits on cases: pick the policy, compute both clocks' due times, pause, resume and restart them.

Two clocks run per case: first response (until staff first write to the
citizen) and resolution (until the case is resolved). A due time is the
clock's start plus its limit, plus the time spent waiting on the citizen, plus
any extension a supervisor approved, counted in the policy's unit (wall-clock
hours, or working time on the working calendar). Keeping the parts apart means
a change of priority, kind or department recomputes the due times exactly.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from sqlalchemy import event, inspect
from sqlmodel import Session, select

from core import rows
from core.clock import utcnow
from core.db import id_of, per_transaction
from feedback.cases import events
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.sla import timers
from feedback.sla.calendar import WorkCalendar
from feedback.sla.models import CLOCKS, CaseClock, SlaPolicy
from feedback.sla.policies import POLICIES_KEY, load_calendar
from staff.models import Department

REMIND_FRACTION = 0.2  # remind the assignee when a fifth of the clock's time is left
# Messages that count as staff responding to the citizen (automatic acknowledgements do not).
STAFF_PURPOSES = frozenset({"reply", "answer", "question", "agent_reply"})
_CLASSIFICATION = ("department_id", "kind", "priority")


def _policies(session: Session) -> list[SlaPolicy]:
    # Read once per transaction: a worker opens many cases in one, and policies change rarely.
    return per_transaction(session, POLICIES_KEY, lambda: list(session.exec(select(SlaPolicy))))


def find_policy(session: Session, case: Case) -> SlaPolicy | None:
    """Return the most specific policy that matches the case (priority counts most, then department, then kind)."""
    department = session.get(Department, case.department_id)
    code = department.code if department else ""
    best, best_score = None, -1
    for policy in _policies(session):
        if policy.priority not in ("", case.priority) or policy.kind not in ("", case.kind):
            continue
        if policy.department_code not in ("", code):
            continue
        score = 4 * bool(policy.priority) + 2 * bool(policy.department_code) + bool(policy.kind)
        if score > best_score:
            best, best_score = policy, score
    return best


def start_clocks(session: Session, case: Case) -> CaseClock | None:
    """Start both clocks for a new case from the moment it was opened; None when no policy matches."""
    clock = plan_clocks(session, case)
    if clock is not None:
        attach_clocks(session, case, clock)
    return clock


def plan_clocks(session: Session, case: Case) -> CaseClock | None:
    """Put a case's due times on it before it is first written (so its insert carries them); None without a policy.

    The clock itself waits for the case's id: `attach_clocks` adds it once the case is flushed.
    """
    clock = rows.new(CaseClock, first_response_started_at=case.opened_at, resolution_started_at=case.opened_at)
    if not _take_limits(session, case, clock):
        return None
    _set_due_times(case, clock, load_calendar(session))
    return clock


def attach_clocks(session: Session, case: Case, clock: CaseClock) -> None:
    """Keep a planned clock with its (now flushed) case and ask for its first timer."""
    clock.case_id = id_of(case)
    session.add(clock)  # no event: the 'opened' event and the case's due times say it all
    refresh_next_check(session, case, clock)


def recompute(session: Session, case: Case, reason: str) -> None:
    """Take the limits of the policy that matches the case now, and move both due times accordingly."""
    clock = session.get(CaseClock, case.id)
    if clock is None:
        start_clocks(session, case)
        return
    if _take_limits(session, case, clock):
        apply_due_times(session, case, clock)
        events.record(session, id_of(case), "sla_recomputed", reason=reason, **_dues(case), policy_id=clock.policy_id)


def on_status_change(session: Session, case: Case, from_status: str, to_status: str, now: datetime) -> None:
    """Pause while waiting on the citizen, restart the resolution clock on reopen, stop at resolution."""
    clock = session.get(CaseClock, case.id)
    if clock is None:
        return
    calendar = load_calendar(session)
    if from_status == "waiting_on_citizen" and clock.paused_at is not None:
        clock.paused_seconds += int((now - clock.paused_at).total_seconds())
        clock.paused_working_seconds += calendar.between(clock.paused_at, now, "working_hours")
        clock.paused_at = None
    if to_status == "waiting_on_citizen":
        clock.paused_at = now
    if from_status in ("resolved", "closed") and to_status in OPEN_STATUSES:
        _restart_resolution(clock, now)
    apply_due_times(session, case, clock, calendar)


def note_first_response(session: Session, case: Case, purpose: str) -> None:
    """Stop the first-response clock when staff first write to the citizen."""
    if purpose not in STAFF_PURPOSES or case.first_response_at is not None:
        return
    case.first_response_at = utcnow()
    session.add(case)
    events.record(session, id_of(case), "first_response", purpose=purpose)
    clock = session.get(CaseClock, case.id)
    if clock is not None:
        refresh_next_check(session, case, clock)


def apply_due_times(session: Session, case: Case, clock: CaseClock, calendar: WorkCalendar | None = None) -> None:
    """Write both due times and reminder times, clear stale breach marks, and schedule the timers."""
    _set_due_times(case, clock, calendar or load_calendar(session))
    session.add(case)
    refresh_next_check(session, case, clock)


def _set_due_times(case: Case, clock: CaseClock, calendar: WorkCalendar) -> None:
    now = utcnow()
    for name in CLOCKS:
        start = getattr(clock, f"{name}_started_at")
        due = due_time(calendar, clock, name)
        setattr(case, f"{name}_due_at", due)
        remind_at = due - (due - start) * REMIND_FRACTION
        setattr(clock, f"{name}_remind_at", remind_at)
        if due > now:  # an extension or a pause moved the deadline into the future again
            setattr(clock, f"{name}_breached", False)
        if remind_at > now:
            setattr(clock, f"{name}_reminded", False)
    case.overdue = is_overdue(case, clock)


def due_time(calendar: WorkCalendar, clock: CaseClock, name: str) -> datetime:
    """Return when a clock runs out: start + limit + extensions + time paused, counted in its unit."""
    unit = getattr(clock, f"{name}_unit")
    paused = clock.paused_seconds if unit == "hours" else clock.paused_working_seconds
    budget = getattr(clock, f"{name}_limit_seconds") + getattr(clock, f"{name}_extra_seconds") + paused
    return calendar.add(getattr(clock, f"{name}_started_at"), budget, unit)


def is_overdue(case: Case, clock: CaseClock) -> bool:
    """Tell whether a case is past a deadline it has not met yet (a late first response stops counting once made)."""
    return clock.resolution_breached or (clock.first_response_breached and case.first_response_at is None)


def running(case: Case, clock: CaseClock, name: str) -> bool:
    """Tell whether a clock is counting now (open case, not waiting on the citizen, not yet stopped)."""
    if case.status not in OPEN_STATUSES or clock.paused_at is not None:
        return False
    return name != "first_response" or case.first_response_at is None


def refresh_next_check(session: Session, case: Case, clock: CaseClock) -> None:
    """Set the next moment a reminder or breach is due, and ask for a timer then."""
    moments = []
    for name in CLOCKS:
        if not running(case, clock, name):
            continue
        if not getattr(clock, f"{name}_reminded") and not getattr(clock, f"{name}_breached"):
            moments.append(getattr(clock, f"{name}_remind_at"))
        if not getattr(clock, f"{name}_breached"):
            moments.append(getattr(case, f"{name}_due_at"))
    clock.next_check_at = min((m for m in moments if m is not None), default=None)
    timers.want(session, case.id, clock.next_check_at)


def _take_limits(session: Session, case: Case, clock: CaseClock) -> bool:
    policy = find_policy(session, case)
    if policy is None:
        return False
    calendar = load_calendar(session)
    clock.policy_id = policy.id
    clock.first_response_unit, clock.resolution_unit = policy.first_response_unit, policy.resolution_unit
    clock.first_response_limit_seconds = calendar.limit_seconds(policy.first_response_limit, policy.first_response_unit)
    clock.resolution_limit_seconds = calendar.limit_seconds(policy.resolution_limit, policy.resolution_unit)
    return True


def _restart_resolution(clock: CaseClock, now: datetime) -> None:
    # A reopened case gets the full resolution time again; the old breach stays on the record.
    clock.resolution_started_at = now
    clock.resolution_extra_seconds = clock.paused_seconds = clock.paused_working_seconds = 0
    clock.resolution_breached = clock.resolution_reminded = False


class _Dues(TypedDict):
    first_response_due_at: str | None
    resolution_due_at: str | None


def _dues(case: Case) -> _Dues:
    return {
        "first_response_due_at": case.first_response_due_at.isoformat() if case.first_response_due_at else None,
        "resolution_due_at": case.resolution_due_at.isoformat() if case.resolution_due_at else None,
    }


@event.listens_for(Session, "before_flush")
def _recompute_reclassified(session: Session, _context, instances) -> None:
    # Whoever changes a case's department, kind or priority (a transfer, a triage decision),
    # the due times follow, without every caller having to remember it. A flush of a few
    # objects (a new case, for its id) writes only those: the rest wait for the next flush.
    changed = [
        obj
        for obj in (session.dirty if instances is None else instances)
        if isinstance(obj, Case) and any(inspect(obj).attrs[a].history.has_changes() for a in _CLASSIFICATION)
    ]
    with session.no_autoflush:
        for case in changed:
            if case.id is not None and case.status in OPEN_STATUSES:
                recompute(session, case, "department, kind or priority changed")
