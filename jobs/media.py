"""The periodic job that fetches files left pending while the blob store was unreachable."""

from __future__ import annotations

from channels import registry
from core.runtime import current


def fetch_pending() -> int:
    """Ask every enabled channel to fetch its pending files; return how many were kept."""
    runtime = current()
    kept = 0
    for kind in list(runtime.channels):
        channel = registry.get(runtime.channels, kind)
        if channel is not None and channel.enabled:
            with runtime.session() as session:
                kept += channel.fetch_pending_media(session)
    return kept
