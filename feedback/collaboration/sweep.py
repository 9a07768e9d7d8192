"""The collaboration part of the SLA sweep: late assisting tasks and unanswered supervision notices."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from feedback.collaboration import notices, tasks


def check_due(session: Session, now: datetime) -> dict[str, int]:
    """Escalate what is past its date; return how many of each."""
    return {"late_tasks": tasks.mark_late(session, now), "overdue_notices": notices.escalate_overdue(session, now)}
