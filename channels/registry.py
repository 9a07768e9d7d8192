"""The explicit list of channels: kind → class. Add a new channel here and nowhere else."""

from __future__ import annotations

from channels.base import Channel
from channels.email import EmailChannel
from channels.sms import SmsChannel
from channels.telegram import TelegramChannel
from channels.voice import VoiceChannel
from core.config import Settings

CHANNEL_CLASSES: dict[str, type[Channel]] = {
    SmsChannel.kind: SmsChannel,
    VoiceChannel.kind: VoiceChannel,
    EmailChannel.kind: EmailChannel,
    TelegramChannel.kind: TelegramChannel,
}


# Contacts recorded by staff (a call to the office, a visit) have no sender of their own:
# the citizen hears back by SMS at the phone number they gave.
REPLY_VIA: dict[str, str] = {"phone": "sms", "in_person": "sms"}


def reply_channel(kind: str) -> str:
    """Return the channel that answers a contact which came in on `kind` (voice calls are answered by SMS)."""
    cls = CHANNEL_CLASSES.get(kind)
    if cls is not None:
        return cls.reply_channel or kind
    return REPLY_VIA.get(kind, kind)


def build(settings: Settings) -> dict[str, Channel]:
    """Instantiate every channel for these settings (disabled ones included, so they can say so)."""
    return {kind: cls(settings) for kind, cls in CHANNEL_CLASSES.items()}
