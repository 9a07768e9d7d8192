"""The contract every channel module follows.

A channel turns provider webhooks into one of three outcomes — contacts to
store, a delivery-status change, or nothing worth keeping — and sends outbound
messages. It never touches the database or the queues: `channels.intake` and
`jobs.outbound` do that, the same way for every channel.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from flask import Request

from core.config import Settings


@dataclass(frozen=True)
class MediaRef:
    """A file that came with a contact: by the provider's URL, or already in the media store (`path`).

    A file refused for its size keeps its name and size, with `note` saying why it was not kept.
    """

    url: str | None
    content_type: str | None = None
    path: str | None = None
    size: int | None = None
    filename: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Contact:
    """A normalised inbound message: who (URN), what (text, media), and the provider's own id and payload."""

    channel: str
    urn: str
    external_id: str
    text: str
    payload: dict
    media: tuple[MediaRef, ...] = ()
    purpose: str = "message"


@dataclass(frozen=True)
class Reply:
    """The HTTP answer a provider expects from a webhook."""

    body: str = ""
    content_type: str = "text/plain; charset=utf-8"
    status: int = 200


@dataclass(frozen=True)
class Received:
    """The webhook carried contacts to store and process."""

    contacts: list[Contact]
    reply: Reply = field(default_factory=Reply)


@dataclass(frozen=True)
class StatusChanged:
    """The provider reports what happened to a message we sent."""

    external_id: str
    status: str
    error: str | None = None
    interaction_id: int | None = None
    reply: Reply = field(default_factory=Reply)


@dataclass(frozen=True)
class Ignored:
    """A well-formed request that carries nothing to keep (answered 200)."""

    reason: str
    reply: Reply = field(default_factory=Reply)


Outcome = Received | StatusChanged | Ignored
Webhook = Callable[[Request], Outcome]


class WebhookError(Exception):
    """The request is not one we accept: 403 when it is not from the provider, 400 when malformed."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class ChannelError(Exception):
    """Sending failed; `permanent` means retrying the same message cannot succeed."""

    def __init__(self, message: str, permanent: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after


@dataclass(frozen=True)
class OutboundMessage:
    """What the outbound job hands a channel to send."""

    interaction_id: int
    urn: str
    text: str
    options: dict = field(default_factory=dict)  # channel-specific extras, e.g. Telegram's reply_markup


class Channel(ABC):
    """One way citizens reach the hotline."""

    kind: ClassVar[str]
    # The kind of channel that carries replies to this channel's contacts; empty means this one
    # (a phone call cannot be answered later by calling back automatically, so voice replies go by SMS).
    reply_channel: ClassVar[str] = ""

    def __init__(self, settings: Settings):
        self.settings = settings

    @property
    def answered_by(self) -> str:
        """Return the kind of channel that replies to this channel's contacts go out on."""
        return self.reply_channel or self.kind

    @property
    @abstractmethod
    def enabled(self) -> bool:
        """Tell whether the settings this channel needs are present."""

    @abstractmethod
    def webhooks(self) -> dict[str, Webhook]:
        """Return the webhook handlers by sub-path ('' is `/channels/<kind>`, 'status' is `/channels/<kind>/status`).

        Each handler raises WebhookError for requests it refuses and otherwise returns an Outcome.
        """

    @abstractmethod
    def send(self, message: OutboundMessage) -> str:
        """Send a message and return the provider's id for it; raise ChannelError on failure."""
