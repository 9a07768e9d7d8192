"""The SLA jobs: a scheduled check of one case, and the periodic sweep that is the backstop for lost timers.

The sweep reads due times from the database, so a restarted Redis, a lost
scheduled job or a worker that was down at the time delays a reminder or a
breach alert by at most one sweep interval, and never loses it. It also starts
clocks for open cases that have none, and closes resolved cases whose reopen
window has passed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import col, select

from core.clock import utcnow
from core.runtime import current
from feedback.cases import lifecycle
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.collaboration import sweep as collaboration
from feedback.sla import breaches, clocks, escalation
from feedback.sla.models import CaseClock

log = logging.getLogger(__name__)
SWEEP_BATCH = 500


def check_case(case_id: int) -> list[str]:
    """Remind or escalate one case if a deadline of it is due (the job behind every SLA timer)."""
    with current().session() as session:
        return escalation.check(session, case_id, utcnow())


def escalate_breaches() -> int:
    """Raise the level of breaches nobody acknowledged in BREACH_ESCALATION_MINUTES (a periodic job)."""
    runtime = current()
    after = timedelta(minutes=runtime.settings.breach_escalation_minutes)
    with runtime.session() as session:
        raised = breaches.escalate_due(session, utcnow(), after)
    if raised:
        log.info("SLA breaches escalated: %d", raised)
    return raised


def sweep() -> dict[str, int]:
    """Check due cases, start missing clocks, close expired resolved cases, escalate late assisting work and notices."""
    runtime = current()
    now = utcnow()
    with runtime.session() as session:
        due_ids = session.exec(
            select(CaseClock.case_id).where(col(CaseClock.next_check_at) <= now).limit(SWEEP_BATCH)
        ).all()
        for case_id in due_ids:
            escalation.check(session, case_id, now)
        started = _start_missing_clocks(session)
        closed = _close_expired(session, now - timedelta(days=runtime.settings.reopen_window_days))
        late = collaboration.check_due(session, now)
    if due_ids or started or closed or any(late.values()):
        log.info("SLA sweep: %d checked, %d clocks started, %d closed, %s", len(due_ids), started, closed, late)
    return {"checked": len(due_ids), "started": started, "closed": closed, **late}


def _start_missing_clocks(session) -> int:
    # Cases opened by a path that did not start the clocks (or before SLAs were configured).
    orphans = session.exec(
        select(Case)
        .outerjoin(CaseClock, col(CaseClock.case_id) == col(Case.id))
        .where(col(Case.status).in_(OPEN_STATUSES), col(CaseClock.case_id).is_(None))
        .limit(SWEEP_BATCH)
    ).all()
    return sum(1 for case in orphans if clocks.start_clocks(session, case) is not None)


def _close_expired(session, resolved_before) -> int:
    # After the reopen window a resolved case is final.
    expired = session.exec(
        select(Case).where(Case.status == "resolved", col(Case.resolved_at) < resolved_before).limit(SWEEP_BATCH)
    ).all()
    for case in expired:
        lifecycle.transition(session, case, "closed", "system", "the reopen window has passed")
    return len(expired)
