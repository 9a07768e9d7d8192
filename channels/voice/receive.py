"""What Twilio posts about a call: the IVR's steps (answered with TwiML), recordings, transcriptions, call statuses.

Every webhook is signature-checked like an SMS. The webhooks read case facts
only through the channel's `CaseDesk` (to greet a known caller in their
language, or to tell a caller how their case stands); every contact they
produce is stored by `channels.intake` and read in the worker by
`channels.voice.understand`.
"""

from __future__ import annotations

import re
from typing import Protocol

from flask import Request

from channels.base import CaseDesk, Contact, Ignored, MediaRef, Received, Reply
from channels.base import WebhookError as Refused
from channels.sms.receive import verify
from channels.voice import twiml
from channels.voice.texts import TEXTS
from core.config import Settings
from core.urns import InvalidURN, tel

KIND = "voice"
# What the worker is told each contact is (Interaction.purpose).
VOICE_MESSAGE = "voice_message"
TRANSCRIPTION = "voice_transcription"
CALLBACK_REQUEST = "callback_request"
CALL_STATUS = "call_status"
STATUS_HEARD = "status_heard"
# 2 is the menu's call-back key; 0 (the usual "a person, please") does the same.
CALLBACK_KEYS = ("2", "0")
POLL_MENU_KEY = "3"  # offered only to a caller with a consultation open to them
# The IVR language the caller heard, kept beside Twilio's own fields in the stored payload.
LANGUAGE_FIELD = "ivr_language"

ENDED_STATUSES = {"completed", "busy", "failed", "no-answer", "canceled"}
CALL_STATUSES = {"queued", "ringing", "in-progress", "completed", "busy", "failed", "no-answer", "canceled"}
REFERENCE_TRIES = 3
CALL_SID = re.compile(r"CA[0-9a-f]{32}")


class Consultations(Protocol):
    """What the menu asks about consultations open to a caller (channels.voice.polls.PollCall answers)."""

    def open_to(self, urn: str) -> bool:
        """Tell whether a consultation the caller has not answered yet is open to them."""
        ...

    def ask_caller(self, urn: str, language: str) -> Reply | None:
        """Return the TwiML that reads the caller's open consultation, or None if there is none now."""
        ...


class Ivr:
    """The menu's webhooks for one install: its settings, and the desk that answers questions about cases."""

    def __init__(self, settings: Settings, desk: CaseDesk | None, consultations: Consultations | None = None):
        self.settings = settings
        self.desk = desk
        self.consultations = consultations

    def incoming_call(self, request: Request) -> Ignored:
        """Greet the caller in their language and offer the menu; hidden numbers are told to call again."""
        form = verify(self.settings, request)
        _require_call(form)
        try:
            urn = tel(form["From"], self.settings.default_region)
        except InvalidURN:
            language = self.settings.default_language
            if self.offers_agent():
                return self.to_agent(form, None, language, ("queue_hidden",))
            hidden = TEXTS.say("hidden_number", language)
            return Ignored("call from a hidden number", twiml.say_and_hang_up(language, hidden))
        return Ignored("call answered", self._greeting(self._language(request, urn), urn))

    def menu(self, request: Request) -> Received | Ignored:
        """Act on the one key pressed during the greeting."""
        form = verify(self.settings, request)
        urn, language = self._caller(request, form)
        digits = form.get("Digits", "").strip()
        if digits == "9":
            return Ignored("language switched", self._greeting(twiml.OTHER[language], urn))
        if digits == "0" and self.offers_agent():
            return self.to_agent(form, urn, language, ("queue_joined",))
        if digits in CALLBACK_KEYS:
            contact = self._contact(form, urn, CALLBACK_REQUEST, language)
            return Received([contact], twiml.say_and_hang_up(language, TEXTS.say("callback_taken", language)))
        if digits == POLL_MENU_KEY and self.consultations is not None:
            asked = self.consultations.ask_caller(urn, language)
            if asked is not None:
                return Ignored("consultation read to the caller", asked)
        if digits == "1":
            return self._own_status(form, urn, language)
        return Ignored(f"menu key {digits!r} means nothing", self._greeting(language, urn))

    def reference(self, request: Request) -> Received | Ignored:
        """Check a typed case reference and tell its status (only the owner hears more)."""
        form = verify(self.settings, request)
        urn, language = self._caller(request, form)
        tries = _int(request.args.get("try", "1"), 1)
        digits = form.get("Digits", "").strip()
        found, sentence = self._desk().status_by_reference(digits, urn, language)
        if found != "found" or sentence is None:
            return self._ask_again(language, tries, "bad_reference" if found == "bad" else "unknown_reference")
        contact = self._contact(form, urn, STATUS_HEARD, language)
        return Received([contact], twiml.say_and_hang_up(language, sentence, TEXTS.say("goodbye", language)))

    def recording(self, request: Request) -> Received | Ignored:
        """Keep the caller's recorded message as a contact, with the recording as its attachment."""
        form = verify(self.settings, request)
        _require(form, "RecordingSid", "RecordingUrl")
        urn, language = self._caller(request, form)
        if _int(form.get("RecordingDuration", "0"), 0) <= 0:
            return Ignored("empty recording", twiml.say_and_hang_up(language, TEXTS.say("no_message", language)))
        media = (MediaRef(form["RecordingUrl"], "audio/x-wav"),)
        contact = self._contact(form, urn, VOICE_MESSAGE, language, media=media)
        return Received([contact], twiml.say_and_hang_up(language, TEXTS.say("message_taken", language)))

    def transcription(self, request: Request) -> Received | Ignored:
        """Keep a finished transcription; the worker puts its text on the recorded message."""
        form = verify(self.settings, request)
        _require(form, "RecordingSid", "TranscriptionStatus")
        urn, language = self._caller(request, form)
        text = form.get("TranscriptionText", "").strip()
        if form["TranscriptionStatus"] != "completed" or not text:
            return Ignored(f"transcription {form['TranscriptionStatus']} with no text")
        return Received([self._contact(form, urn, TRANSCRIPTION, language, text=text)])

    def status(self, request: Request) -> Received | Ignored:
        """Record a call status callback; the worker turns a call that left nothing into a call-back request."""
        form = verify(self.settings, request)
        _require(form, "CallStatus")
        _require_call(form)
        status = form["CallStatus"]
        if status in ENDED_STATUSES:
            live = self.call_ended(form)  # a call that waited for an agent, withheld numbers included
            if live is not None:
                return live
        urn, language = self._caller(request, form)
        if status not in CALL_STATUSES:
            return Ignored(f"unknown call status {status!r}")
        contact = self._contact(form, urn, CALL_STATUS, language, suffix=f"{CALL_STATUS}/{status}")
        return Received([contact])

    def offers_agent(self) -> bool:
        """Whether key 0 reaches an agent (the live-calls line overrides this)."""
        return False

    def to_agent(self, form: dict[str, str], urn: str | None, language: str, before: tuple[str, ...] = ()) -> Ignored:
        """Queue the caller for an agent (only the live-calls line can)."""
        raise NotImplementedError

    def call_ended(self, form: dict[str, str]) -> Received | Ignored | None:
        """Settle a call that waited for an agent; None for a call that never did (the live-calls line overrides)."""
        return None

    def _own_status(self, form: dict[str, str], urn: str, language: str) -> Received | Ignored:
        sentence = self._desk().latest_status(urn, language)
        if sentence is None:
            return Ignored("caller has no case; asking for a reference", self._ask_reference(language, 1))
        contact = self._contact(form, urn, STATUS_HEARD, language)
        return Received([contact], twiml.say_and_hang_up(language, sentence, TEXTS.say("goodbye", language)))

    def _ask_again(self, language: str, tries: int, problem: str) -> Ignored:
        if tries >= REFERENCE_TRIES:
            sorry, goodbye = TEXTS.say("give_up", language), TEXTS.say("goodbye", language)
            return Ignored(f"{problem}, giving up", twiml.say_and_hang_up(language, sorry, goodbye))
        return Ignored(problem, self._ask_reference(language, tries + 1, problem))

    def _ask_reference(self, language: str, tries: int, before: str | None = None) -> Reply:
        action = self._url("reference", language, tries)
        return twiml.ask_reference(language, action, self._url("", language), before)

    def _greeting(self, language: str, urn: str | None = None) -> Reply:
        urls = {step: self._url(step, language) for step in ("menu", "recording", "transcription")}
        max_seconds = self.settings.voice_max_recording_seconds
        poll = urn is not None and self.consultations is not None and self.consultations.open_to(urn)
        return twiml.greeting(language, self.settings.hotline_name, urls, max_seconds, self.offers_agent(), poll)

    def _url(self, step: str, language: str, tries: int | None = None) -> str:
        path = f"/channels/{KIND}/{step}" if step else f"/channels/{KIND}"
        query = f"?lang={language}" + (f"&try={tries}" if tries is not None else "")
        return self.settings.public_url + path + query

    def _caller(self, request: Request, form: dict[str, str]) -> tuple[str, str]:
        """Return the caller's URN and the language this call is in (chosen in the menu, else looked up)."""
        _require_call(form)
        try:
            urn = tel(form["From"], self.settings.default_region)
        except InvalidURN as exc:
            raise Refused(400, str(exc)) from exc
        return urn, self._language(request, urn)

    def _language(self, request: Request, urn: str) -> str:
        chosen = request.args.get("lang", "")
        if chosen in twiml.VOICES:
            return chosen
        return self._desk().caller_language(urn, self.settings.default_language)

    def _desk(self) -> CaseDesk:
        if self.desk is None:
            raise RuntimeError("the voice channel was built without a case desk (see wiring.bootstrap)")
        return self.desk

    def _contact(
        self,
        form: dict[str, str],
        urn: str,
        purpose: str,
        language: str,
        text: str = "",
        media: tuple[MediaRef, ...] = (),
        suffix: str | None = None,
    ) -> Contact:
        # One contact of each kind per call, so Twilio's retries are stored once.
        external_id = f"{form['CallSid']}/{suffix or purpose}"
        payload = {**form, LANGUAGE_FIELD: language}
        return Contact(KIND, urn, external_id, text, payload=payload, media=media, purpose=purpose)


def _require(form: dict[str, str], *names: str) -> None:
    missing = [name for name in names if not form.get(name, "").strip()]
    if missing:
        raise Refused(400, f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} required")


def _require_call(form: dict[str, str]) -> None:
    _require(form, "CallSid", "From")
    if not CALL_SID.fullmatch(form["CallSid"]):
        raise Refused(400, "CallSid is not a Twilio call id (CA + 32 hex digits)")


def _int(raw: str, default: int) -> int:
    return int(raw) if raw.strip().isdigit() else default
