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
FINISH_KEY = "#"
# Amazon Polly voices that Twilio's <Say> offers for Mandarin and US English.
VOICES = {"zh": ("Polly.Zhiyu", "cmn-CN"), "en": ("Polly.Joanna", "en-US")}
OTHER = {"zh": "en", "en": "zh"}


def greeting(language: str, hotline: str, urls: dict[str, str], max_seconds: int) -> Reply:
    """Offer the menu, then record the caller's message if they press nothing."""
    response = VoiceResponse()
    menu = response.gather(input="dtmf", num_digits=1, timeout=MENU_TIMEOUT_SECONDS, action=urls["menu"], method="POST")
    _say(menu, TEXTS.say("greeting", language, hotline=hotline), language)
    _say(menu, TEXTS.say("switch", OTHER[language]), OTHER[language])
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
    return _reply(response)


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


def _say(parent, text: str, language: str) -> None:
    voice, locale = VOICES[language]
    parent.say(text, voice=voice, language=locale)


def _reply(response: VoiceResponse) -> Reply:
    return Reply(str(response), "text/xml")
