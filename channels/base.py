"""The contract every channel follows: verify → parse → outcome on the way in, send on the way out.

A channel turns what its provider posts (or what it fetches, for mail) into one
of three outcomes — contacts to store, a delivery-status change, or nothing
worth keeping — and `channels.intake.take` does the rest the same way for every
channel. In the worker the channel says what a stored contact means beyond its
words (`understand`); the case layer acts on that. What differs between
channels — how answers are written, buttons, which addresses it reaches — is
an attribute or a hook here, so that code above never asks which channel it is.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Protocol

from flask import Request
from sqlmodel import Session

from channels.models import Interaction
from core.config import Settings
from core.texts import Catalogue


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

    def __init__(
        self, message: str, permanent: bool = False, retry_after: float | None = None, opted_out: bool = False
    ):
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        # The provider refuses because the recipient opted out with it (Twilio 21610): their choice, to record.
        self.opted_out = opted_out


@dataclass(frozen=True)
class OutboundMessage:
    """What the outbound job hands a channel to send."""

    interaction_id: int
    urn: str
    text: str
    options: dict = field(default_factory=dict)  # channel-specific extras, e.g. Telegram's reply_markup
    purpose: str = "message"
    reference: str | None = None  # the case the message is about, if any (email tags its subject with it)
    language: str = "zh"  # the language of the case or citizen (for what the channel adds, e.g. a subject)
    queued_at: datetime | None = None  # when the message was written: a provider holds nothing of it from before


# What a channel says a stored contact means, beyond its words (`Understood.intent`).
MESSAGE = "message"  # a matter, a follow-up or an answer: the common steps decide
STATUS = "status"  # asks how their cases stand
GREETING = "greeting"  # says hello to the bot: answered with the channel's own greeting
CALLBACK = "callback"  # asks a person to call back (or hung up before saying anything)
LINK_ADDRESS = "link_address"  # proves another address is theirs (a Telegram user sharing their phone)
EDIT = "edit"  # a new version of an earlier contact's text
TRANSCRIPT = "transcript"  # the text of an earlier recorded contact
DONE = "done"  # fully dealt with by the channel (a call's record, a status the caller heard)
LATER = "later"  # cannot be judged yet: look at it again at `retry_at`
POLL_ANSWER = "poll_answer"  # a key pressed (the text; empty: none) on a consultation call, our message `answers`


@dataclass(frozen=True)
class Understood:
    """A channel's reading of one stored contact, asked by the worker before the steps every channel shares."""

    intent: str = MESSAGE
    language: str | None = None  # the language the citizen chose on this channel (IVR key 9, Telegram's app)
    subject: str = ""  # what names the matter apart from the text (an email's subject)
    name: str = ""  # the sender's name as the provider gives it (Telegram's first and last name, a mail's From)
    replies: tuple[OutboundText, ...] = ()  # what the channel itself answers at once (a greeting, a refusal)
    address: str | None = None  # LINK_ADDRESS: the URN the citizen proved is theirs
    original: str | None = None  # EDIT, TRANSCRIPT: the external id of the contact it changes
    version: int = 0  # EDIT: the provider's edit time, so a late copy of an older edit loses
    retry_at: datetime | None = None  # LATER: when to look again
    # The citizen's choice about notices carried by the contact itself ("out": a stop command or button,
    # "in": a start command); None when the channel sees none (words like 退订 are read by the common steps).
    consent: str | None = None
    answers: int | None = None  # POLL_ANSWER: the id of our outbound message (the call) the key answers


@dataclass(frozen=True)
class OutboundText:
    """A text a channel wants sent back to the citizen, with its purpose and channel extras (a keyboard)."""

    text: str
    purpose: str
    options: dict = field(default_factory=dict)


class CaseDesk(Protocol):
    """What a channel may ask about cases while it answers a provider on the spot (a caller in the IVR).

    The case layer implements it and the wiring hands it to the channels, so a channel
    reads case facts without knowing what a case is.
    """

    def caller_language(self, urn: str, default: str) -> str:
        """Return the language of the citizen behind an address, or the default for a stranger."""
        ...

    def latest_status(self, urn: str, language: str) -> str | None:
        """Return a sentence on the caller's latest case (for the caller: all of it), or None if they have none."""
        ...

    def status_by_reference(self, reference: str, urn: str, language: str) -> tuple[str, str | None]:
        """Return ("found", sentence), ("bad", None) for a mistyped reference, or ("unknown", None)."""
        ...


class Channel(ABC):
    """One way citizens reach the hotline."""

    kind: ClassVar[str]
    # The URN scheme of the addresses this channel sends to ("tel", "telegram", "mailto").
    scheme: ClassVar[str]
    # The kind of channel that carries replies to this channel's contacts; empty means this one
    # (a phone call cannot be answered later by calling back automatically, so voice replies go by SMS).
    reply_channel: ClassVar[str] = ""
    # Where this channel stands when an answer that failed for good tries the citizen's other addresses
    # (lowest first); None: never tried (it cannot send on its own).
    fallback_rank: ClassVar[int | None] = None
    # The channel's name for staff pages, in each language.
    labels: ClassVar[dict[str, str]]
    # How a self-service answer is written here: "short" (one SMS), "full" (the whole article), "spoken".
    answer_style: ClassVar[str] = "short"
    # Whether the provider accepting a message is the best delivery signal there is (no receipts will follow):
    # a sent message then counts as delivered at once, and a later failure report (a bounce) still wins.
    accepted_is_delivered: ClassVar[bool] = False
    # Whether files of this channel's contacts stay at the provider until a job fetches them (`fetch_media`).
    media_at_provider: ClassVar[bool] = False
    # Whether a satisfaction survey sent here carries a link to the web form too.
    survey_by_link: ClassVar[bool] = False
    # What the channel itself says, in both languages (None: nothing of its own).
    texts: ClassVar[Catalogue | None] = None

    def __init__(self, settings: Settings, desk: CaseDesk | None = None):
        self.settings = settings
        self.desk = desk

    @property
    def answered_by(self) -> str:
        """Return the kind of channel that replies to this channel's contacts go out on."""
        return self.reply_channel or self.kind

    @classmethod
    @abstractmethod
    def address(cls, raw: str, region: str) -> str:
        """Return the URN of an address of this channel's scheme written any common way; raise InvalidURN."""

    def label(self, language: str) -> str:
        """Return the channel's name for staff in a language."""
        return self.labels.get(language) or self.labels["en"]

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

    def already_sent(self, message: OutboundMessage, exclude: frozenset[str]) -> str | None:
        """Return the provider's id of this message if the provider already has it, else None.

        Asked before sending a message again whose earlier attempt got no answer (the sender was killed
        mid-send, or the reply was lost), so the citizen does not get it twice. `exclude` holds the ids
        other messages already own. Raise ChannelError when the provider cannot be asked: sending blind
        is what this avoids. A channel that cannot look returns None, and the message goes again.
        """
        return None

    def understand(self, session: Session, contact: Interaction, language: str) -> Understood:
        """Say what a stored contact means beyond its words, doing the channel's own work first (fetching files).

        Runs in the worker, inside the batch's transaction; `language` is the citizen's. Raise
        ChannelError for trouble worth retrying the whole contact later.
        """
        return Understood()

    def fetch_media(self, url: str, limit: int) -> bytes:
        """Download a file kept at the provider (at most `limit` bytes); raise ChannelError on failure."""
        raise ChannelError(f"channel {self.kind!r} keeps no files at its provider", permanent=True)

    def forget_media(self, url: str) -> None:
        """Delete a fetched file at the provider, where the operator asked for it; raise ChannelError on failure."""
        return None

    def fetch_pending_media(self, session: Session) -> int:
        """Fetch files that could not be kept when their contact was processed (the blob store was down) and
        return how many are kept now; runs periodically in the worker. Channels without such files keep 0."""
        return 0

    def buttons(self, choices: dict[str, str], stacked: bool = False) -> dict:
        """Return the extras that show `choices` (answer → label) as buttons under a message, one per line when
        `stacked`; {} where the channel has no buttons (the text then says what to reply)."""
        return {}

    def confirm_link(self, action: str, address: str, language: str) -> OutboundText:
        """Return the answer to a citizen whose LINK_ADDRESS was acted on (`action`: added, merged, shared_number…)."""
        raise NotImplementedError(f"channel {self.kind!r} never asks to link an address")

    def say(self, key: str, language: str, **values: object) -> str:
        """Return one of this channel's own texts in a language."""
        if self.texts is None:
            raise KeyError(f"channel {self.kind!r} has no texts of its own")
        return self.texts.say(key, language, **values)
