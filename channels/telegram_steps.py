"""What only a Telegram bot is asked, handled in the worker before the steps every channel shares.

`answer_bot` handles /start, /status, a shared phone number and edited
messages. Anything else (text, a button's data) falls through to the common
steps, so it opens or joins a case like an SMS.
"""

from __future__ import annotations

import logging

import phonenumbers
from sqlmodel import select

from channels import telegram_updates
from channels.models import INBOUND, Interaction
from channels.telegram_texts import language_of, say
from core.clock import utcnow
from core.urns import InvalidURN, tel
from feedback import events
from feedback.dialogue import status_reply
from feedback.models import Case
from jobs.context import InboundContext
from router import linking
from router.models import Citizen

log = logging.getLogger(__name__)
KIND = telegram_updates.KIND


def answer_bot(ctx: InboundContext) -> bool:
    """Handle what only a Telegram bot is asked: commands, a shared phone number, an edited message."""
    if ctx.contact.channel != KIND:
        return False
    if ctx.contact.purpose == telegram_updates.EDIT:
        return apply_edit(ctx)
    message = ctx.contact.payload.get("message") or {}
    if "contact" in message:
        return link_phone(ctx, message)
    command = _command(ctx.contact.text)
    if command == "status":
        ctx.reply(status_reply(ctx.session, ctx.citizen.id, ctx.language, ctx.settings.hotline_name), "status")
        return True
    if command is not None:  # /start, /help, or a command we don't have: introduce the bot
        return greet(ctx, message)
    return False


def _command(text: str) -> str | None:
    # "/status@CivicLineBot" is how a command reads when picked from the menu in some clients.
    word = text.strip().split(maxsplit=1)[0] if text.strip() else ""
    if not word.startswith("/") or len(word) < 2:
        return None
    return word[1:].split("@", 1)[0].lower()


def greet(ctx: InboundContext, message: dict) -> bool:
    """Greet in the user's Telegram language and offer the button that shares their phone number."""
    language = language_of(message.get("from"), ctx.settings.default_language)
    ctx.citizen.language = language  # "/start" says nothing about language; Telegram's app setting does
    ctx.session.add(ctx.citizen)
    button = {"text": say("share_phone_button", language), "request_contact": True}
    keyboard = {"keyboard": [[button]], "resize_keyboard": True, "one_time_keyboard": True}
    reply = ctx.reply(say("greeting", language, hotline=ctx.settings.hotline_name), "greeting")
    reply.payload = {"options": {"reply_markup": keyboard}}
    return True


def link_phone(ctx: InboundContext, message: dict) -> bool:
    """Link the sender's own phone number to them; a contact card of someone else is only answered."""
    card, sender = message["contact"], message.get("from") or {}
    language = _language(ctx)
    if card.get("user_id") is None or card.get("user_id") != sender.get("id"):
        ctx.reply(say("not_own_phone", language), "link_refused")
        return True
    try:
        phone_urn = _phone_urn(str(card.get("phone_number", "")), ctx.settings.default_region)
    except InvalidURN:
        ctx.reply(say("bad_phone", language), "link_refused")
        return True
    result = linking.link(ctx.session, ctx.contact.urn, phone_urn)
    ctx.citizen = ctx.session.get(Citizen, result.citizen_id) or ctx.citizen
    log.info("telegram %s shared %s: %s", ctx.contact.urn, phone_urn, result)
    answer = "shared_phone" if result.action == linking.SHARED_NUMBER else "phone_linked"
    reply = ctx.reply(say(answer, language, phone=phone_urn.removeprefix("tel:")), "link_confirmed")
    reply.payload = {"options": {"reply_markup": {"remove_keyboard": True}}, "link": result.action}
    return True


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


def apply_edit(ctx: InboundContext) -> bool:
    """Put an edited message's new text on the original contact and mark it edited."""
    edited = ctx.contact.payload.get("edited_message") or {}
    original_id = f"{edited.get('chat', {}).get('id')}:{edited.get('message_id')}"
    original = ctx.session.exec(
        select(Interaction).where(
            Interaction.channel == KIND, Interaction.direction == INBOUND, Interaction.external_id == original_id
        )
    ).first()
    if original is None:
        return False  # we never saw the first version: treat the edit as a new message
    edit_date = edited.get("edit_date") or 0
    if edit_date <= original.payload.get("last_edit_date", 0):
        return True  # a late copy of an older edit: the newer text stays
    history = [*original.payload.get("edits", []), {"text": original.text, "replaced_at": utcnow().isoformat()}]
    original.payload = {**original.payload, "edited": True, "edits": history, "last_edit_date": edit_date}
    original.text = ctx.contact.text
    ctx.contact.case_id = original.case_id
    ctx.session.add_all([original, ctx.contact])
    if original.case_id is not None:
        _edit_case_summary(ctx, original.case_id, history[-1]["text"], original)
    return True


def _edit_case_summary(ctx: InboundContext, case_id: int, old_text: str, original: Interaction) -> None:
    case = ctx.session.get(Case, case_id)
    if case is not None and case.summary == old_text[:2000]:
        case.summary, case.updated_at = original.text[:2000], utcnow()
        ctx.session.add(case)
    events.record(ctx.session, case_id, "message_edited", interaction_id=original.id, edit_id=ctx.contact.id)


def _language(ctx: InboundContext) -> str:
    return ctx.citizen.language or ctx.language
