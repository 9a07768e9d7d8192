"""The periodic job that fetches citizens' mail from the hotline's mailbox (`channels.email.mailbox`)."""

from __future__ import annotations

from channels import registry
from channels.email.mailbox import poll_mailbox
from channels.email.receive import KIND
from core.runtime import current


def poll() -> int:
    """Fetch new mail from IMAP_FOLDER and store it; return how many contacts were new (0 with email off)."""
    runtime = current()
    channel = registry.get(runtime.channels, KIND)
    if channel is None or not channel.enabled:
        return 0
    return poll_mailbox(runtime)
