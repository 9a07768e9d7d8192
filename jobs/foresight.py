"""Periodic jobs of the analytical CRM: the nightly seasonal calendar, and late proactive tasks announced."""

from __future__ import annotations

from core import localtime
from core.runtime import current
from feedback.proactive import actions
from feedback.seasons import calendar


def refresh_calendar() -> int:
    """Recompute the seasonal calendar from all history; return how many series it forecasts."""
    runtime = current()
    with runtime.session() as session:
        return calendar.refresh(session, localtime.zone(runtime.settings.hotline_timezone)).series


def announce_late_tasks() -> int:
    """Tell owners and supervisors, once, of proactive tasks past their deadline; return how many."""
    with current().session() as session:
        late = actions.notice_late(session)
        session.commit()
        return late
