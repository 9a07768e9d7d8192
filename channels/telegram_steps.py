"""What the worker does with Telegram contacts before the common steps: files, commands, phone links, edits.

`fetch_files` keeps photos, voice notes and documents in the media store;
`answer_bot` handles /start, /status, a shared phone number and edited
messages. Anything else (text, a button's data) falls through to the steps
every channel shares, so it opens or joins a case like an SMS.
"""

from __future__ import annotations

import logging

import phonenumbers
from sqlmodel import col, select

from channels import telegram_bot, telegram_updates
from channels.base import ChannelError
from channels.models import INBOUND, Attachment, Interaction
from channels.telegram_texts import language_of, say
from core.clock import utcnow
from feedback import events
from feedback.dialogue import status_reply
from feedback.models import Case
from jobs.context import InboundContext
from router import linking
from router.models import Citizen
from router.urns import InvalidURN, tel

log = logging.getLogger(__name__)
KIND = telegram_updates.KIND
GIVE_UP_AFTER_ATTEMPTS = 2  # the inbound job tries a contact 3 times; keep the message if files still fail


def fetch_files(ctx: InboundContext) -> bool:
    """Download the contact's Telegram files into <data dir>/media/telegram; never handles the contact itself."""
    if ctx.contact.channel != KIND:
        return False
    pending = ctx.session.exec(
        select(Attachment).where(
            Attachment.interaction_id == ctx.contact.id,
            col(Attachment.path).is_(None),
            col(Attachment.url).startswith(telegram_updates.FILE_PREFIX),
        )
    ).all()
    for attachment in pending:
        _fetch(ctx, attachment)
    return False


def _fetch(ctx: InboundContext, attachment: Attachment) -> None:
    file_id = (attachment.url or "").removeprefix(telegram_updates.FILE_PREFIX)
    limit = ctx.settings.media_max_bytes
    announced = _file_sizes(ctx.contact.payload).get(file_id)
    try:
        if announced and announced > limit:
            raise telegram_bot.FileTooLarge(announced)  # refused before a byte is downloaded
        folder = ctx.settings.data_dir / "media" / KIND / str(ctx.contact.id)
        path, size = telegram_bot.download(ctx.settings, file_id, folder, f"{attachment.id}", limit)
    except telegram_bot.FileTooLarge as exc:
        attachment.size = exc.size
        ctx.session.add(attachment)
        limit_mb = max(1, limit // (1024 * 1024))
        ctx.reply(say("file_too_large", _language(ctx), limit=limit_mb), "file_refused")
        return
    except ChannelError as exc:
        if not exc.permanent and ctx.contact.attempts < GIVE_UP_AFTER_ATTEMPTS:
            raise  # the inbound job retries the contact later
        log.warning("kept contact %s without its file %s: %s", ctx.contact.id, file_id, exc.message)
        return
    attachment.path, attachment.size = str(path.relative_to(ctx.settings.data_dir)), size
    ctx.session.add(attachment)


def _file_sizes(payload: dict) -> dict[str, int]:
    message = payload.get("message") or {}
    files = [*message.get("photo", []), *(message[k] for k in telegram_updates.FILE_KINDS if k in message)]
    return {f["file_id"]: f["file_size"] for f in files if f.get("file_size")}


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
    reply = ctx.reply(say("phone_linked", language, phone=phone_urn.removeprefix("tel:")), "link_confirmed")
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
    history = [*original.payload.get("edits", []), {"text": original.text, "replaced_at": utcnow().isoformat()}]
    original.payload = {**original.payload, "edited": True, "edits": history}
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
