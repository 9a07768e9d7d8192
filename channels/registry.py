"""The explicit list of channels: kind → class. A new channel is its folder, a line here, and its settings.

Everything else that depends on which channels exist — the order an answer
falls back through, the channel that reaches an address, the channel lists in
filters and forms — is read from the classes here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from channels.base import CaseDesk, Channel
from channels.email.channel import EmailChannel
from channels.sms.channel import SmsChannel
from channels.telegram.channel import TelegramChannel
from channels.voice.channel import VoiceChannel
from core.config import Settings
from core.urns import InvalidURN, split

CHANNEL_CLASSES: dict[str, type[Channel]] = {
    SmsChannel.kind: SmsChannel,
    VoiceChannel.kind: VoiceChannel,
    TelegramChannel.kind: TelegramChannel,
    EmailChannel.kind: EmailChannel,
}
KINDS = tuple(CHANNEL_CLASSES)

# Contacts recorded by staff (a call to the office, a visit) have no sender of their own:
# the citizen hears back by SMS at the phone number they gave.
STAFF_RECORDED: dict[str, dict[str, str]] = {
    "phone": {"zh": "来电（办公室登记）", "en": "Phone call to the office"},
    "in_person": {"zh": "来访", "en": "In person"},
}
REPLY_VIA: dict[str, str] = dict.fromkeys(STAFF_RECORDED, SmsChannel.kind)
# Every way a case can have come in: the channels, then what staff record.
SOURCES = (*KINDS, *STAFF_RECORDED)


def build(settings: Settings, desk: CaseDesk | None = None) -> dict[str, Channel]:
    """Instantiate every channel for these settings (disabled ones included, so they can say so)."""
    return {kind: cls(settings, desk) for kind, cls in CHANNEL_CLASSES.items()}


def get(channels: Mapping[str, Any], kind: str) -> Channel | None:
    """Return a process's channel of this kind (the runtime's `channels`), or None."""
    channel = channels.get(kind)
    return channel if isinstance(channel, Channel) else None


def reply_channel(kind: str) -> str:
    """Return the channel that answers a contact which came in on `kind` (voice calls are answered by SMS)."""
    cls = CHANNEL_CLASSES.get(kind)
    if cls is not None:
        return cls.reply_channel or kind
    return REPLY_VIA.get(kind, kind)


def sender_for(scheme: str) -> str | None:
    """Return the kind of channel that sends to addresses of a URN scheme (`tel` → sms), if any."""
    senders = [cls for cls in CHANNEL_CLASSES.values() if cls.scheme == scheme and cls.fallback_rank is not None]
    return min(senders, key=_rank).kind if senders else None


def scheme_of(kind: str) -> str | None:
    """Return the URN scheme of the addresses a kind of channel sends to (`sms` → tel), if it is a channel."""
    cls = CHANNEL_CLASSES.get(kind)
    return cls.scheme if cls is not None else None


def fallback_order() -> list[tuple[str, str]]:
    """Return (URN scheme, channel kind) in the order an undelivered answer tries the citizen's addresses."""
    senders = [cls for cls in CHANNEL_CLASSES.values() if cls.fallback_rank is not None]
    return [(cls.scheme, cls.kind) for cls in sorted(senders, key=_rank)]


def normalise_urn(urn: str, region: str) -> str:
    """Return a URN typed by a person (`tel:138 0013 8000`, `mailto:A@B.CN`) as the channels store it."""
    scheme, path = split(urn.strip())
    for cls in CHANNEL_CLASSES.values():
        if cls.scheme == scheme:
            return cls.address(path, region)
    raise InvalidURN(f"not a URN this service knows: {urn!r}")


def label(kind: str, language: str) -> str:
    """Return the staff pages' name of a channel or a staff-recorded source, in a language."""
    cls = CHANNEL_CLASSES.get(kind)
    labels = cls.labels if cls is not None else STAFF_RECORDED.get(kind)
    if not labels:
        return kind
    return labels.get(language) or labels["en"]


def _rank(cls: type[Channel]) -> int:
    return cls.fallback_rank if cls.fallback_rank is not None else 1_000
