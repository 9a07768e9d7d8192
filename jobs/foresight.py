"""Periodic jobs of the analytical CRM: the nightly seasonal calendar, the hot-spot page, late proactive tasks,
and the reports' old keys."""

from __future__ import annotations

from core import localtime
from core.runtime import current
from feedback.hotspots import snapshot
from feedback.incidents import keys
from feedback.proactive import actions
from feedback.seasons import calendar


def refresh_calendar() -> int:
    """Recompute the seasonal calendar from all history; return how many series it forecasts."""
    runtime = current()
    with runtime.session() as session:
        return calendar.refresh(session, localtime.zone(runtime.settings.hotline_timezone)).series


def refresh_hotspots() -> int:
    """Mine the hot-spot page's default view (and its recurring problems) for the page to read; return how many."""
    runtime = current()
    with runtime.read_session() as session:
        found = snapshot.refresh(session, runtime.redis, localtime.zone(runtime.settings.hotline_timezone))
    return len(found.spots)


def announce_late_tasks() -> int:
    """Tell owners and supervisors, once, of proactive tasks past their deadline; return how many."""
    with current().session() as session:
        late = actions.notice_late(session)
        session.commit()
        return late


def prune_report_keys() -> int:
    """Delete the reports' keys older than the eight weeks any surge count looks back; return how many."""
    with current().session() as session:
        pruned = keys.prune(session)
        session.commit()
        return pruned
