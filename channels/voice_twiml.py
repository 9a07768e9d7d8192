"""What a caller hears: the IVR's prompts in Chinese and English, as TwiML built with Twilio's VoiceResponse.

One short menu (GB/T 33358 asks hotlines not to build menu mazes): the
greeting offers 1 (case status), 2 (call me back) and 9 (the other language);
a caller who presses nothing simply speaks after the beep and is recorded.
"""

from __future__ import annotations

from twilio.twiml.voice_response import VoiceResponse

from channels.base import Reply

MENU_TIMEOUT_SECONDS = 4  # how long the greeting waits for a key before the recording starts
REFERENCE_TIMEOUT_SECONDS = 10
FINISH_KEY = "#"
# Amazon Polly voices that Twilio's <Say> offers for Mandarin and US English.
VOICES = {"zh": ("Polly.Zhiyu", "cmn-CN"), "en": ("Polly.Joanna", "en-US")}
OTHER = {"zh": "en", "en": "zh"}

PROMPTS = {
    "greeting": {
        "zh": (
            "您好，这里是{hotline}热线。请在提示音后说出您的诉求，说完请按井号键。"
            "查询工单进度请按1，需要工作人员回电请按2。"
        ),
        "en": (
            "Hello, this is the {hotline} hotline. After the tone, tell us what you need, then press the hash key. "
            "To hear the status of your case, press 1. To ask an agent to call you back, press 2."
        ),
    },
    "switch": {"zh": "如需中文服务，请按9。", "en": "For English, press 9."},
    "no_message": {"zh": "我们没有听到您的留言。再见。", "en": "We did not hear a message. Goodbye."},
    "message_taken": {
        "zh": "您的留言已收到，稍后您将收到短信告知工单号。再见。",
        "en": "Thank you, we have your message. You will get a text message with your case number. Goodbye.",
    },
    "callback_taken": {
        "zh": "好的，工作人员将尽快给您回电。再见。",
        "en": "Thank you. An agent will call you back as soon as possible. Goodbye.",
    },
    "enter_reference": {
        "zh": "请输入您的九位工单号，以井号键结束。",
        "en": "Please type your nine-digit case number, then press the hash key.",
    },
    "bad_reference": {
        "zh": "这个工单号不正确，请重新输入。",
        "en": "That case number is not right. Please try again.",
    },
    "unknown_reference": {
        "zh": "没有找到这个工单，请核对后重新输入。",
        "en": "We could not find that case. Please check the number and try again.",
    },
    "give_up": {"zh": "抱歉，我们没能找到您的工单。", "en": "Sorry, we could not find your case."},
    "goodbye": {"zh": "感谢您的来电，再见。", "en": "Thank you for calling. Goodbye."},
    "hidden_number": {
        "zh": "抱歉，我们无法受理隐藏号码的来电，请显示号码后再拨。再见。",
        "en": "Sorry, we cannot take calls from hidden numbers. Please call again with your number shown. Goodbye.",
    },
}


def prompt(key: str, language: str, **values: str) -> str:
    """Return a prompt in the caller's language."""
    return PROMPTS[key][language].format(**values)


def greeting(language: str, hotline: str, urls: dict[str, str], max_seconds: int) -> Reply:
    """Offer the menu, then record the caller's message if they press nothing."""
    response = VoiceResponse()
    menu = response.gather(input="dtmf", num_digits=1, timeout=MENU_TIMEOUT_SECONDS, action=urls["menu"], method="POST")
    _say(menu, prompt("greeting", language, hotline=hotline), language)
    _say(menu, prompt("switch", OTHER[language]), OTHER[language])
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
    _say(response, prompt("no_message", language), language)
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
        _say(gather, prompt(before, language), language)
    _say(gather, prompt("enter_reference", language), language)
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
