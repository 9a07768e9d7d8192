"""The periodic job that keeps the dashboard's daily figures up to date (`feedback.metrics.rollup`)."""

from __future__ import annotations

from core.runtime import current
from feedback.metrics import rollup


def refresh() -> int:
    """Recompute the days whose cases changed since the last refresh; return how many."""
    runtime = current()
    return rollup.refresh(runtime.engine, runtime.settings.report_utc_offset_hours)
