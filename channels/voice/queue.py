"""Callers waiting for an agent: Twilio's <Enqueue> and the webhooks around it, and the connection to an agent's phone.

Key 0 (when LIVE_CALLS is on) puts the caller in the queue of their language.
While they wait, Twilio asks `wait` what to play: their place, the expected
wait, and keys 1 (message) and 2 (call-back); past CALL_MAX_WAIT_SECONDS the
caller leaves the queue and is offered both. Twilio tells `left` why a caller
left (QueueResult: hangup, leave), `dialed` how a ring of an agent ended
(DialCallStatus) and `agent` each step of the agent's leg (CallStatus). The
state of each call is kept by the case layer behind `CallDesk`; every webhook
is signature-checked.
"""

from __future__ import annotations

import math
from typing import Protocol

from flask import Request

from channels.base import Ignored, Received, Reply
from channels.base import WebhookError as Refused
from channels.sms.receive import verify
from channels.voice import twiml
from channels.voice.receive import CALLBACK_REQUEST, KIND, Consultations, Ivr, _int, _require, _require_call
from channels.voice.texts import TEXTS
from core.config import Settings
from core.urns import InvalidURN, tel

WAIT_PAUSE_SECONDS = 20  # between two announcements of a caller's place
AGENT_KEY = "0"
MESSAGE_KEY, CALLBACK_KEY = "1", "2"
# What a caller leaving the queue meets next (CallDesk.left).
ABANDONED, MESSAGE, CALLBACK, OVERFLOW = "abandoned", "message", "callback", "overflow"


class CallDesk(Protocol):
    """What the voice channel asks the case layer about live calls (implemented by `feedback.calls.desk`)."""

    def join(self, call_sid: str, urn: str | None, language: str, queue: str) -> None:
        """Record a caller joining a queue (once per call) and ask for an agent to be found."""
        ...

    def waiting(self, call_sid: str, waited: int, position: int) -> int | None:
        """Return the expected wait in seconds, or None when the caller has waited too long (they must leave)."""
        ...

    def choose(self, call_sid: str, wants: str) -> None:
        """Record that the waiting caller chose a message or a call-back."""
        ...

    def left(self, call_sid: str, result: str) -> str:
        """Record a caller leaving the queue (Twilio's QueueResult); return abandoned/message/callback/overflow/""."""
        ...

    def ended(self, call_sid: str) -> str | None:
        """Record the end of a call; None if it never asked for an agent, else "abandoned" or "handled"."""
        ...

    def departments(self, codes: list[str], language: str) -> dict[str, str]:
        """Return the names (in this language) of the active departments among these codes, by code."""
        ...

    def leg(self, offer_id: int, status: str, leg_sid: str, seconds: int | None, recording: str | None) -> str | None:
        """Record a step of an agent's leg; return the queue to put the caller back in when the offer fell through."""
        ...

    def conference(self, call_sid: str, recording: str | None) -> tuple[str, bool] | None:
        """Return the room the caller is being moved into (their agent went first) and whether it is the hold
        room (a warm transfer's consultation), else None."""
        ...

    def duty(self, duty_id: int, status: str, leg_sid: str, seconds: int | None) -> None:
        """Record a step of a duty phone's call into a conference (CallStatus)."""
        ...


def queue_name(language: str, department: str | None = None) -> str:
    """Name the queue of a language, and of a department where the menu chose one."""
    return f"{language}-{department}" if department else language


class Line(Ivr):
    """The webhooks of callers waiting for, and talking to, agents."""

    def __init__(self, settings: Settings, desk, calls: CallDesk, consultations: Consultations | None = None):
        super().__init__(settings, desk, consultations)
        self.calls = calls

    def offers_agent(self) -> bool:
        return True

    def to_agent(self, form: dict[str, str], urn: str | None, language: str, before: tuple[str, ...] = ()) -> Ignored:
        """Offer the departments' queues (CALL_DEPARTMENT_KEYS), else put the caller in the queue of their language."""
        choices = self._departments(language)
        if choices:
            action = self._url("department", language)
            named = [(key, name) for key, (_code, name) in choices.items()]
            before = tuple(text for text in before if text != "queue_joined")  # said once a queue is chosen
            return Ignored("caller chooses a department", twiml.department_menu(language, named, action, before))
        return self._enqueue(form, urn, language, queue_name(language), before)

    def department(self, request: Request) -> Ignored:
        """The key pressed in the departments' menu: that department's queue; no key or another one: the general."""
        form, urn, language = self._live(request)
        chosen = self._departments(language).get(form.get("Digits", "").strip())
        queue = queue_name(language, chosen[0] if chosen else None)
        return self._enqueue(form, urn, language, queue, ("queue_joined",))

    def _departments(self, language: str) -> dict[str, tuple[str, str]]:
        """{key: (department code, name)} of the configured departments that exist and are active."""
        keys = self.settings.department_keys()
        if not keys:
            return {}
        names = self.calls.departments(list(keys.values()), language)
        return {key: (code, names[code]) for key, code in sorted(keys.items()) if code in names}

    def _enqueue(self, form: dict[str, str], urn: str | None, language: str, queue: str, before: tuple[str, ...]):
        self.calls.join(form["CallSid"], urn, language, queue)
        wait, left = self._url("wait", language), self._url("left", language)
        return Ignored(f"caller queued for {queue}", twiml.enqueue(language, queue, wait, left, before))

    def wait(self, request: Request) -> Ignored:
        """Tell a waiting caller their place and expected wait, and the keys to leave; make them leave when too long."""
        form, urn, language = self._live(request)
        _require(form, "QueuePosition", "QueueTime")
        position = max(1, _int(form["QueuePosition"], 1))
        expected = self.calls.waiting(form["CallSid"], _int(form["QueueTime"], 0), position)
        if expected is None:
            return Ignored("waited too long", twiml.leave_queue(language))
        sentences = [_place(language, position, expected)]
        if urn is not None:
            sentences.append(TEXTS.say("queue_options", language))
        keys = self._url("waitkey", language) if urn is not None else None
        return Ignored(f"caller {position} in line", twiml.wait(language, sentences, keys, WAIT_PAUSE_SECONDS))

    def wait_key(self, request: Request) -> Ignored:
        """Leave the queue for a message (1) or a call-back (2); any other key keeps the caller waiting."""
        form, urn, language = self._live(request)
        digits = form.get("Digits", "").strip()
        wants = {MESSAGE_KEY: MESSAGE, CALLBACK_KEY: CALLBACK}.get(digits)
        if wants is None or urn is None:
            return Ignored(f"key {digits!r} while waiting", twiml.empty())
        self.calls.choose(form["CallSid"], wants)
        return Ignored(f"caller chose a {wants}", twiml.leave_queue(language))

    def left(self, request: Request) -> Received | Ignored:
        """After the queue: a hang-up becomes a call-back request; a caller who left gets what they chose."""
        form, urn, language = self._live(request)
        _require(form, "QueueResult")
        outcome = self.calls.left(form["CallSid"], form["QueueResult"])
        if outcome == ABANDONED:
            return self._callback(form, urn, language, twiml.empty(), "abandoned in the queue")
        if outcome == CALLBACK:
            said = twiml.say_and_hang_up(language, TEXTS.say("callback_taken", language))
            return self._callback(form, urn, language, said, "call-back chosen while waiting")
        if outcome == MESSAGE:
            return Ignored("message chosen while waiting", self._record(language))
        if outcome == OVERFLOW:
            return self._overflow(urn, language)
        return Ignored(f"left the queue: {form['QueueResult']}", twiml.empty())

    def overflow(self, request: Request) -> Received | Ignored:
        """The choice offered to a caller nobody could answer: 2 asks for a call-back, anything else records."""
        form, urn, language = self._live(request)
        if form.get("Digits", "").strip() == CALLBACK_KEY:
            said = twiml.say_and_hang_up(language, TEXTS.say("callback_taken", language))
            return self._callback(form, urn, language, said, "call-back chosen after the wait")
        return Ignored("message after the wait", self._record(language))

    def dialed(self, request: Request) -> Ignored:
        """The ring of an agent ended: a talk that finished says goodbye; a missed ring puts the caller back in line."""
        form, _urn, language = self._live(request)
        _require(form, "DialCallStatus")
        status = form["DialCallStatus"]
        moved = self.calls.conference(form["CallSid"], form.get("RecordingUrl") or None)
        if moved is not None:  # the agent's leg went into a conference room first: the caller follows it
            room, on_hold = moved
            joined = twiml.conference(room, ends_it=False, after=("goodbye",), language=language, on_hold=on_hold)
            return Ignored("caller joins the conference", Reply(joined, "text/xml"))
        back = self._leg(request, form, status, form.get("DialCallSid", ""), form.get("DialCallDuration"))
        if back is not None:
            wait, left = self._url("wait", language), self._url("left", language)
            return Ignored("agent missed the call", twiml.enqueue(language, back, wait, left, ("agent_missed",)))
        if status == "completed":
            return Ignored("talked to an agent", twiml.say_and_hang_up(language, TEXTS.say("goodbye", language)))
        return Ignored(f"dial ended: {status}", twiml.empty())

    def agent(self, request: Request) -> Ignored:
        """Each step of the agent's leg (initiated, ringing, in-progress, completed, busy, no-answer)."""
        form = verify(self.settings, request)
        _require(form, "CallSid", "CallStatus")
        self._leg(request, form, form["CallStatus"], form["CallSid"], form.get("CallDuration"))
        return Ignored(f"agent leg {form['CallStatus']}")

    def duty(self, request: Request) -> Ignored:
        """Each step of a department's duty phone called into a conference (initiated ... completed, no-answer)."""
        form = verify(self.settings, request)
        _require(form, "CallSid", "CallStatus")
        duty = _int(request.args.get("duty", ""), 0)
        if not duty:
            raise Refused(400, "duty is required")
        seconds = form.get("CallDuration")
        self.calls.duty(duty, form["CallStatus"], form["CallSid"], _int(seconds, 0) if seconds is not None else None)
        return Ignored(f"duty phone {form['CallStatus']}")

    def call_ended(self, form: dict[str, str]) -> Received | Ignored | None:
        """A caller's call ended: one still waiting is abandoned (a call-back request); None for other calls."""
        what = self.calls.ended(form["CallSid"])
        if what is None:
            return None
        if what == ABANDONED:
            language = self.settings.default_language
            return self._callback(form, _urn(form, self.settings.default_region), language, None, "hung up waiting")
        return Ignored("a live call ended")

    def _leg(self, request: Request, form: dict[str, str], status: str, leg: str, seconds: str | None) -> str | None:
        offer = _int(request.args.get("offer", ""), 0)
        if not offer:
            raise Refused(400, "offer is required")
        duration = _int(seconds, 0) if seconds is not None else None
        return self.calls.leg(offer, status, leg, duration, form.get("RecordingUrl") or None)

    def _callback(self, form, urn: str | None, language: str, said: Reply | None, why: str) -> Received | Ignored:
        said = said or Reply()
        if urn is None:  # a withheld number cannot be called back
            return Ignored(f"{why} (number withheld)", said)
        return Received([self._contact(form, urn, CALLBACK_REQUEST, language)], said)

    def _overflow(self, urn: str | None, language: str) -> Ignored:
        if urn is None:
            sorry = (TEXTS.say("queue_full", language), TEXTS.say("hidden_call_again", language))
            return Ignored("nobody answered a withheld caller", twiml.say_and_hang_up(language, *sorry))
        urls = {"recording": self._url("recording", language), "transcription": self._url("transcription", language)}
        choice = twiml.offer_choice(language, self._url("overflow", language), urls, self._max_seconds())
        return Ignored("nobody answered in time", choice)

    def _record(self, language: str) -> Reply:
        urls = {"recording": self._url("recording", language), "transcription": self._url("transcription", language)}
        return twiml.record_message(language, urls, self._max_seconds())

    def _max_seconds(self) -> int:
        return self.settings.voice_max_recording_seconds

    def _live(self, request: Request) -> tuple[dict[str, str], str | None, str]:
        form = verify(self.settings, request)
        _require_call(form)
        chosen = request.args.get("lang", "")
        language = chosen if chosen in twiml.VOICES else self.settings.default_language
        return form, _urn(form, self.settings.default_region), language


def _urn(form: dict[str, str], region: str) -> str | None:
    try:
        return tel(form.get("From", ""), region)
    except InvalidURN:
        return None


def _place(language: str, position: int, expected: int) -> str:
    if position <= 1:
        return TEXTS.say("queue_next", language)
    return TEXTS.say("queue_position", language, ahead=position - 1, minutes=max(1, math.ceil(expected / 60)))


__all__ = ["KIND", "CallDesk", "Line", "queue_name"]
