"""The nightly job that applies the retention rules (`feedback.privacy.retention`)."""

from __future__ import annotations

import logging

from core.runtime import current
from feedback.privacy import retention

log = logging.getLogger(__name__)
MAX_BATCHES = 1000  # a night's cap: a first run over years of history finishes over the next nights


def expire_nightly() -> dict[str, int]:
    """Anonymise what has expired, one short transaction per batch; return the totals."""
    runtime = current()
    totals = {"messages": 0, "files": 0, "cases": 0, "citizens": 0}
    for _ in range(MAX_BATCHES):
        with runtime.session() as session:
            counts = retention.expire(session, runtime.settings, runtime.blobs)
        for key, value in counts.items():
            totals[key] += value
        if max(counts.values()) < retention.BATCH:
            break
    if any(totals.values()):
        log.info("retention: anonymised %s", ", ".join(f"{value} {key}" for key, value in totals.items()))
    return totals
