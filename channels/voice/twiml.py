"""What a caller hears, as TwiML built with Twilio's VoiceResponse (the words are in `channels.voice.texts`).

One short menu (GB/T 33358 asks hotlines not to build menu mazes): the
greeting offers 1 (case status), 2 (call me back) and 9 (the other language);
a caller who presses nothing simply speaks after the beep and is recorded.
"""

from __future__ import annotations

from twilio.twiml.voice_response import VoiceResponse

from channels.base import Reply
from channels.voice.texts import TEXTS

MENU_TIMEOUT_SECONDS = 4  # how long the greeting waits for a key before the recording starts
REFERENCE_TIMEOUT_SECONDS = 10
POLL_TIMEOUT_SECONDS = 8  # how long a consultation call waits for a key after reading the options
FINISH_KEY = "#"
# Amazon Polly voices that Twilio's <Say> offers for Mandarin and US English.
VOICES = {"zh": ("Polly.Zhiyu", "cmn-CN"), "en": ("Polly.Joanna", "en-US")}
OTHER = {"zh": "en", "en": "zh"}


def greeting(
    language: str, hotline: str, urls: dict[str, str], max_seconds: int, agent: bool = False, poll: bool = False
) -> Reply:
    """Offer the menu (with 0 for an agent when live calls are on, 3 for a consultation open to the caller), then
    record a message if they press nothing."""
    response = VoiceResponse()
    menu = response.gather(input="dtmf", num_digits=1, timeout=MENU_TIMEOUT_SECONDS, action=urls["menu"], method="POST")
    _say(menu, TEXTS.say("greeting", language, hotline=hotline), language)
    if agent:
        _say(menu, TEXTS.say("agent_offer", language), language)
    if poll:
        _say(menu, TEXTS.say("poll_offer", language), language)
    _say(menu, TEXTS.say("switch", OTHER[language]), OTHER[language])
    _record(response, language, urls, max_seconds)
    return _reply(response)


def record_message(language: str, urls: dict[str, str], max_seconds: int, before: str = "leave_message") -> Reply:
    """Ask for a message and record it (after a wait in a queue that the caller left)."""
    response = VoiceResponse()
    _say(response, TEXTS.say(before, language), language)
    _record(response, language, urls, max_seconds)
    return _reply(response)


def _record(response: VoiceResponse, language: str, urls: dict[str, str], max_seconds: int) -> None:
    response.record(
        max_length=max_seconds,
        finish_on_key=FINISH_KEY,
        play_beep=True,
        action=urls["recording"],
        method="POST",
        transcribe=True,
        transcribe_callback=urls["transcription"],
    )
    # Twilio goes on here only when nothing was recorded.
    _say(response, TEXTS.say("no_message", language), language)
    response.hangup()


def ask_reference(language: str, action: str, redirect: str, before: str | None = None) -> Reply:
    """Ask for a case number on the keypad; with no input, go back to the greeting."""
    response = VoiceResponse()
    gather = response.gather(
        input="dtmf",
        num_digits=9,
        finish_on_key=FINISH_KEY,
        timeout=REFERENCE_TIMEOUT_SECONDS,
        action=action,
        method="POST",
    )
    if before:
        _say(gather, TEXTS.say(before, language), language)
    _say(gather, TEXTS.say("enter_reference", language), language)
    response.redirect(redirect, method="POST")
    return _reply(response)


def say_and_hang_up(language: str, *texts: str) -> Reply:
    """Speak some sentences and end the call."""
    response = VoiceResponse()
    for text in texts:
        _say(response, text, language)
    response.hangup()
    return _reply(response)


def redirect(url: str) -> Reply:
    """Send the call to another step of the menu."""
    response = VoiceResponse()
    response.redirect(url, method="POST")
    return _reply(response)


def enqueue(language: str, queue: str, wait_url: str, action: str, before: tuple[str, ...] = ()) -> Reply:
    """Put the caller in a queue for an agent; Twilio asks `wait_url` what to play while they wait."""
    response = VoiceResponse()
    for key in before:
        _say(response, TEXTS.say(key, language), language)
    response.enqueue(queue, wait_url=wait_url, wait_url_method="POST", action=action, method="POST")
    return _reply(response)


def department_menu(language: str, choices: list[tuple[str, str]], action: str, before: tuple[str, ...] = ()) -> Reply:
    """Offer a key per department's queue ((key, name) each); no key or another key goes to the general queue."""
    response = VoiceResponse()
    for key in before:
        _say(response, TEXTS.say(key, language), language)
    menu = response.gather(input="dtmf", num_digits=1, timeout=MENU_TIMEOUT_SECONDS, action=action, method="POST")
    for key, name in choices:
        _say(menu, TEXTS.say("department_key", language, name=name, digit=key), language)
    _say(menu, TEXTS.say("department_rest", language), language)
    response.redirect(action, method="POST")  # no key pressed: Twilio goes on here, without Digits
    return _reply(response)


def wait(language: str, sentences: list[str], keys_action: str | None, pause_seconds: int) -> Reply:
    """What a waiting caller hears, listening for a key when `keys_action` is given; Twilio asks again after it."""
    response = VoiceResponse()
    parent = response
    if keys_action:
        parent = response.gather(input="dtmf", num_digits=1, timeout=1, action=keys_action, method="POST")
    for sentence in sentences:
        _say(parent, sentence, language)
    parent.pause(length=pause_seconds)
    return _reply(response)


def leave_queue(language: str, *texts: str) -> Reply:
    """Take the caller out of the queue (Twilio then requests the Enqueue's action with QueueResult=leave)."""
    response = VoiceResponse()
    for text in texts:
        _say(response, text, language)
    response.leave()
    return _reply(response)


def offer_choice(language: str, action: str, urls: dict[str, str], max_seconds: int) -> Reply:
    """Nobody could answer: 1 or speaking leaves a message, 2 asks for a call-back."""
    response = VoiceResponse()
    _say(response, TEXTS.say("queue_full", language), language)
    choice = response.gather(input="dtmf", num_digits=1, timeout=MENU_TIMEOUT_SECONDS, action=action, method="POST")
    _say(choice, TEXTS.say("overflow_options", language), language)
    _record(response, language, urls, max_seconds)
    return _reply(response)


def poll_question(language: str, sentences: list[str], options: list[str], action: str, none: str) -> str:
    """Read a consultation's question and its options, and take one key; with none pressed, go to `none`."""
    response = VoiceResponse()
    gather = response.gather(input="dtmf", num_digits=1, timeout=POLL_TIMEOUT_SECONDS, action=action, method="POST")
    for sentence in sentences:
        _say(gather, sentence, language)
    for digit, label in enumerate(options, 1):
        _say(gather, TEXTS.say("poll_option", language, label=label, digit=digit), language)
    response.redirect(none, method="POST")  # no key pressed: Twilio goes on here, without Digits
    return str(response)


def connect(number: str, action: str, leg_callback: str, ring_seconds: int) -> str:
    """The TwiML that takes a waiting caller out of the queue and rings an agent's phone (given through the API)."""
    response = VoiceResponse()
    dial = response.dial(action=action, method="POST", timeout=ring_seconds, record="record-from-answer")
    dial.number(
        number,
        status_callback=leg_callback,
        status_callback_event="initiated ringing answered completed",
        status_callback_method="POST",
    )
    return str(response)


def conference(
    room: str, ends_it: bool, after: tuple[str, ...] = (), language: str = "zh", on_hold: bool = False
) -> str:
    """The TwiML that puts a call in a <Conference> room; `ends_it`: the room closes when this call leaves it.

    The agent holding the call ends the room when they leave (the caller then hears `after`, then the call
    ends); the caller, a duty phone and a consulted agent do not, so one of them leaving leaves the others
    talking. A caller `on_hold` waits alone in a room nobody starts, so Twilio plays its hold music.
    """
    response = VoiceResponse()
    dial = response.dial()
    dial.conference(room, start_conference_on_enter=not on_hold, end_conference_on_exit=ends_it, beep=False)
    for key in after:
        _say(response, TEXTS.say(key, language), language)
    if after:
        response.hangup()
    return str(response)


def empty() -> Reply:
    """Nothing more to do (the caller has gone)."""
    return _reply(VoiceResponse())


def _say(parent, text: str, language: str) -> None:
    voice, locale = VOICES[language]
    parent.say(text, voice=voice, language=locale)


def _reply(response: VoiceResponse) -> Reply:
    return Reply(str(response), "text/xml")
