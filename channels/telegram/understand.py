"""What a stored Telegram contact means, read in the worker: a command, a shared phone number, an edit, or words.

/start, /help and unknown commands are answered with the bot's greeting; /status
asks for the citizen's cases; a contact card of the sender's own number links
it to them; an edited message replaces the text of the one it edits. Anything
else (text, a button's data) is a plain message, so it opens or joins a case
like an SMS. The contact's files are fetched first (`channels.telegram.media`).
"""

from __future__ import annotations

import re
from dataclasses import replace

import phonenumbers
from sqlmodel import Session

from channels.base import DONE, EDIT, GREETING, LINK_ADDRESS, MESSAGE, STATUS, OutboundText, Understood
from channels.models import Interaction
from channels.telegram import media
from channels.telegram.receive import EDIT as EDIT_PURPOSE
from channels.telegram.texts import TEXTS, language_of
from core.config import Settings
from core.urns import InvalidURN, tel

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def understand(session: Session, settings: Settings, contact: Interaction, language: str) -> Understood:
    """Fetch the contact's files, then read what the update asks for, and who the sender says they are."""
    return replace(_read(session, settings, contact, language), name=sender_name(contact.payload or {}))


def sender_name(update: dict) -> str:
    """Return the name on the sender's Telegram profile: 王小明 from first 小明 and last 王, else "Ming Wang"."""
    message = update.get("message") or update.get("edited_message") or {}
    sender = message.get("from") or {}
    first, last = str(sender.get("first_name") or "").strip(), str(sender.get("last_name") or "").strip()
    if first and last and _CJK.search(first + last):
        return last + first
    return " ".join(part for part in (first, last) if part)


def _read(session: Session, settings: Settings, contact: Interaction, language: str) -> Understood:
    notes = tuple(media.fetch_files(session, settings, contact, language))
    if contact.purpose == EDIT_PURPOSE:
        edited = contact.payload.get("edited_message") or {}
        original = f"{edited.get('chat', {}).get('id')}:{edited.get('message_id')}"
        return Understood(EDIT, replies=notes, original=original, version=int(edited.get("edit_date") or 0))
    message = contact.payload.get("message") or {}
    if "contact" in message:
        return _shared_phone(settings, message, language, notes)
    command = _command(contact.text)
    if command == "status":
        return Understood(STATUS, replies=notes)
    if command == "stop":  # the command, or the stop button under a notice
        return Understood(DONE, replies=notes, consent="out")
    if command is not None:  # /start, /help, or a command we don't have: introduce the bot
        greeting = _greeting(settings, message, notes)
        return replace(greeting, consent="in") if command == "start" else greeting
    return Understood(MESSAGE, replies=notes)


def confirm_link(action: str, address: str, language: str) -> OutboundText:
    """Tell the citizen their phone number is now linked (or, for a shared phone, kept apart), removing the keyboard."""
    key = "address_shared" if action == "shared_number" else "address_linked"
    options = {"reply_markup": {"remove_keyboard": True}}
    return OutboundText(TEXTS.say(key, language, address=address.removeprefix("tel:")), "link_confirmed", options)


def _command(text: str) -> str | None:
    # "/status@CivicLineBot" is how a command reads when picked from the menu in some clients.
    word = text.strip().split(maxsplit=1)[0] if text.strip() else ""
    if not word.startswith("/") or len(word) < 2:
        return None
    return word[1:].split("@", 1)[0].lower()


def _greeting(settings: Settings, message: dict, notes: tuple[OutboundText, ...]) -> Understood:
    """Greet in the user's Telegram language and offer the button that shares their phone number."""
    # "/start" says nothing about language; Telegram's app setting does.
    language = language_of(message.get("from"), settings.default_language)
    button = {"text": TEXTS.say("share_phone_button", language), "request_contact": True}
    keyboard = {"keyboard": [[button]], "resize_keyboard": True, "one_time_keyboard": True}
    greeting = OutboundText(
        TEXTS.say("greeting", language, hotline=settings.hotline_name), "greeting", {"reply_markup": keyboard}
    )
    return Understood(GREETING, language, replies=(*notes, greeting))


def _shared_phone(settings: Settings, message: dict, language: str, notes: tuple[OutboundText, ...]) -> Understood:
    """Link the sender's own phone number to them; a contact card of someone else is only answered."""
    card, sender = message["contact"], message.get("from") or {}
    if card.get("user_id") is None or card.get("user_id") != sender.get("id"):
        refusal = OutboundText(TEXTS.say("not_own_phone", language), "link_refused")
        return Understood(DONE, replies=(*notes, refusal))
    try:
        phone_urn = _phone_urn(str(card.get("phone_number", "")), settings.default_region)
    except InvalidURN:
        return Understood(DONE, replies=(*notes, OutboundText(TEXTS.say("bad_phone", language), "link_refused")))
    return Understood(LINK_ADDRESS, replies=notes, address=phone_urn)


def _phone_urn(raw: str, region: str) -> str:
    # Telegram sends the account's number with its country code but usually without the "+".
    digits = raw.strip()
    if digits and not digits.startswith("+"):
        candidate = "+" + digits.lstrip("0")
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(candidate)):
                return tel(candidate, region)
        except phonenumbers.NumberParseException:
            pass
    return tel(digits, region)
