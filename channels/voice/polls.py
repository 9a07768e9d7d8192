"""Consultations by phone (意见征集 by IVR keypad): a call to the citizen reads the question and a key per option.

The outreach engine hands the voice channel a notice copy with its options; the channel places a call whose
TwiML reads them and waits for one key. Twilio posts the key to `pollkey` (signed like every webhook; the URL
carries our outbound message's id and the number of options, so the signature vouches for them too):

- a key that is an option: stored as a contact (`POLL_KEY`, the digit as its text) that the worker records as
  the citizen's answer, exactly as a digit by SMS; the caller hears it confirmed;
- another key: the question is read once more (the words come from the `PollDesk`, which the case layer
  implements); another wrong key, or no key at all: stored as a contact with no text, recorded as no answer.

The call's end is reported to `pollstatus`: answered calls count as delivered, unanswered ones as failed.
A citizen who calls the hotline while a consultation they have not answered is open to them (sent by any
channel) is offered it in the menu (key 3) and answers it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask import Request

from channels.base import ChannelError, Contact, Ignored, OutboundMessage, Received, Reply, StatusChanged
from channels.base import WebhookError as Refused
from channels.models import DELIVERED, UNDELIVERABLE
from channels.sms.receive import verify
from channels.voice import calls_api, twiml
from channels.voice.receive import CALL_SID, KIND, LANGUAGE_FIELD
from channels.voice.texts import TEXTS
from core.config import Settings
from core.urns import InvalidURN, tel

POLL_KEY = "poll_key"  # the contact of a key pressed (or none) on a consultation call
MESSAGE_FIELD = "poll_message"  # our outbound message (the call) the key answers, kept in the stored payload
OPTIONS = "poll"  # OutboundMessage.options: the consultation's option labels, in order
TRIES = 2  # a wrong key gets the question once more


@dataclass(frozen=True)
class Question:
    """A consultation as one citizen hears it."""

    text: str
    options: tuple[str, ...]
    language: str


class PollDesk(Protocol):
    """What the voice channel asks the case layer while a consultation call is on the line."""

    def question(self, message_id: int) -> Question | None:
        """Return the question of the consultation our outbound message carried, or None if there is none."""
        ...

    def open_for(self, urn: str) -> int | None:
        """Return our message of a consultation the citizen at this address has not answered yet, if one is open."""
        ...


def place(settings: Settings, message: OutboundMessage) -> str:
    """Call the citizen with the consultation's question; return the CallSid (raise ChannelError)."""
    options = [str(label) for label in message.options.get(OPTIONS, ())]
    if not options:
        raise ChannelError("a call can only carry a consultation (a question with options)", permanent=True)
    question = Question(message.text, tuple(options), message.language)
    return calls_api.place(settings, message.urn.removeprefix("tel:"), ask(settings, message.interaction_id, question),
                           _url(settings, "pollstatus", message.interaction_id))  # fmt: skip


def ask(settings: Settings, message_id: int, question: Question, attempt: int = 1, intro: bool = True) -> str:
    """Return the TwiML that reads the question and takes one key (the `attempt`-th time; first, who calls)."""
    language = question.language if question.language in twiml.VOICES else settings.default_language
    who = TEXTS.say("poll_intro", language, hotline=settings.hotline_name) if attempt == 1 and intro else ""
    action = _url(settings, "pollkey", message_id, n=len(question.options), attempt=attempt, lang=language)
    sentences = [s for s in (who, question.text) if s]
    return twiml.poll_question(language, sentences, list(question.options), action, f"{action}&none=1")


def _url(settings: Settings, hook: str, message_id: int, **args: object) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"m": message_id, **args}.items())
    return f"{settings.public_url}/channels/{KIND}/{hook}?{query}"


class PollCall:
    """The webhooks of consultation calls for one install."""

    def __init__(self, settings: Settings, desk: PollDesk | None):
        self.settings = settings
        self.desk = desk

    def key(self, request: Request) -> Received | Ignored:
        """Take the key pressed after the question: an answer, a second hearing, or no answer."""
        form = verify(self.settings, request)
        message_id, count, attempt, language = _call_args(self.settings, request, form)
        digits = "" if request.args.get("none") else form.get("Digits", "").strip()
        if digits.isdigit() and len(digits) == 1 and 1 <= int(digits) <= count:
            label = self._label(message_id, int(digits))
            reply = twiml.say_and_hang_up(language, TEXTS.say("poll_thanks", language, label=label))
            return Received([self._contact(form, message_id, digits, language)], reply)
        question = self.desk.question(message_id) if self.desk is not None and digits else None
        if question is not None and attempt < TRIES:
            again = TEXTS.say("poll_invalid", language)
            body = ask(self.settings, message_id, Question(f"{again} {question.text}", question.options, language),
                       attempt + 1)  # fmt: skip
            return Ignored(f"key {digits!r} is not an option: asked again", Reply(body, "text/xml"))
        reply = twiml.say_and_hang_up(language, TEXTS.say("poll_no_answer", language))
        return Received([self._contact(form, message_id, "", language)], reply)

    def ended(self, request: Request) -> StatusChanged | Ignored:
        """A consultation call ended: answered (delivered) or not (failed, with Twilio's reason)."""
        form = verify(self.settings, request)
        message_id, *_rest = _call_args(self.settings, request, form)
        status = form.get("CallStatus", "")
        if status == "completed":
            return StatusChanged(form["CallSid"], DELIVERED, interaction_id=message_id)
        if status in ("busy", "no-answer", "failed", "canceled"):
            return StatusChanged(form["CallSid"], UNDELIVERABLE, error=f"call {status}", interaction_id=message_id)
        return Ignored(f"call status {status!r} is not an end")

    def open_to(self, urn: str) -> bool:
        """Tell whether a consultation the caller has not answered is open to them (the menu then offers key 3)."""
        return self.desk is not None and self.desk.open_for(urn) is not None

    def ask_caller(self, urn: str, language: str) -> Reply | None:
        """Read the caller's open consultation to them, taking their key as on a consultation call."""
        message_id = self.desk.open_for(urn) if self.desk is not None else None
        question = self.desk.question(message_id) if self.desk is not None and message_id is not None else None
        if message_id is None or question is None:
            return None
        heard = Question(question.text, question.options, language)
        return Reply(ask(self.settings, message_id, heard, attempt=1, intro=False), "text/xml")

    def _label(self, message_id: int, digit: int) -> str:
        question = self.desk.question(message_id) if self.desk is not None else None
        return question.options[digit - 1] if question is not None and digit <= len(question.options) else str(digit)

    def _contact(self, form: dict[str, str], message_id: int, digits: str, language: str) -> Contact:
        # On a call we placed the citizen is "To"; on their own call to the hotline (key 3), "From".
        citizen = form.get("From", "") if form.get("Direction") == "inbound" else form.get("To", "")
        try:
            urn = tel(citizen, self.settings.default_region)
        except InvalidURN as exc:
            raise Refused(400, str(exc)) from exc
        payload = {**form, LANGUAGE_FIELD: language, MESSAGE_FIELD: message_id}
        return Contact(KIND, urn, f"{form['CallSid']}/{POLL_KEY}", digits, payload=payload, purpose=POLL_KEY)


def _call_args(settings: Settings, request: Request, form: dict[str, str]) -> tuple[int, int, int, str]:
    """Check the CallSid and read our URL's arguments: message id, number of options, attempt, language."""
    if not CALL_SID.fullmatch(form.get("CallSid", "")):
        raise Refused(400, "missing or malformed CallSid")
    raw = {name: request.args.get(name, "") for name in ("m", "n", "attempt")}
    if not (raw["m"].isdigit() and len(raw["m"]) < 10):
        raise Refused(400, "missing or malformed message id")
    count = int(raw["n"]) if raw["n"].isdigit() and len(raw["n"]) < 3 else 0
    attempt = int(raw["attempt"]) if raw["attempt"].isdigit() and len(raw["attempt"]) < 3 else 1
    language = request.args.get("lang", "")
    return int(raw["m"]), count, attempt, language if language in twiml.VOICES else settings.default_language
