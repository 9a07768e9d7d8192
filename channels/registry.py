"""The explicit list of channels: kind → class. Add a new channel here and nowhere else."""

from __future__ import annotations

from channels.base import Channel
from channels.sms import SmsChannel
from channels.telegram import TelegramChannel
from core.config import Settings

CHANNEL_CLASSES: dict[str, type[Channel]] = {
    SmsChannel.kind: SmsChannel,
    TelegramChannel.kind: TelegramChannel,
}


def build(settings: Settings) -> dict[str, Channel]:
    """Instantiate every channel for these settings (disabled ones included, so they can say so)."""
    return {kind: cls(settings) for kind, cls in CHANNEL_CLASSES.items()}
