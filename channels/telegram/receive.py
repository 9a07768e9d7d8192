"""Turn one Bot API update into an outcome: contacts to store, or nothing worth keeping.

The webhook (`webhook`, which checks the secret token first) and the poller
(`channels.telegram.cli`) both call `parse`, so a bot behaves the same with or
without a public URL. The update is validated with aiogram's own types and kept
verbatim as the contact's payload. Answers Telegram expects at once (a polite
line to a group, acknowledging a button press) travel as a Bot API method call
in the reply body, which Telegram executes for a webhook and the poller sends.
"""

from __future__ import annotations

import hmac
import json

from aiogram.types import Update
from flask import Request
from pydantic import ValidationError

from channels.base import Contact, Ignored, MediaRef, Outcome, Received, Reply, WebhookError
from channels.telegram.texts import TEXTS, language_of
from core import json_depth
from core.config import Settings
from core.urns import InvalidURN

KIND = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FILE_PREFIX = "telegram-file:"
EDIT = "edit"
# The message kinds kept as files, and the content type to assume when Telegram sends none.
FILE_KINDS = {"voice": "audio/ogg", "document": None, "audio": None, "video": None, "video_note": "video/mp4"}


def address(user_id: int | str) -> str:
    """Return `telegram:<numeric id>`; usernames change, ids don't."""
    text = str(user_id).strip()
    if not text.isdigit():
        raise InvalidURN(f"a Telegram user id is numeric: {user_id!r}")
    return f"telegram:{int(text)}"


def webhook(settings: Settings, request: Request) -> Outcome:
    """Check the secret token, then read the update Telegram posted."""
    verify(settings, request)
    if request.mimetype != "application/json":
        raise WebhookError(400, "Telegram posts application/json")
    try:
        raw = json_depth.loads(request.get_data(as_text=True))
    except ValueError as exc:
        raise WebhookError(400, f"the body is not JSON: {exc}") from None
    return parse(raw, settings)


def verify(settings: Settings, request: Request) -> None:
    """Refuse a request without the secret set with setWebhook (when one is configured)."""
    secret = settings.telegram_webhook_secret
    if not secret:
        return
    given = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        raise WebhookError(403, f"{SECRET_HEADER} is missing or wrong")


def parse(raw: object, settings: Settings) -> Outcome:
    """Validate an update and return what it means for the hotline."""
    if not isinstance(raw, dict):
        raise WebhookError(400, "a Telegram update is a JSON object")
    try:
        update = Update.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise WebhookError(400, f"not a Telegram update: {where}: {first['msg']}") from None
    if update.message is not None:
        return _message(raw["message"], raw, settings, edited=False)
    if update.edited_message is not None:
        return _message(raw["edited_message"], raw, settings, edited=True)
    if update.callback_query is not None:
        return _callback(raw["callback_query"], raw)
    if update.channel_post is not None:
        return _group(raw["channel_post"], settings)
    kinds = sorted(key for key in raw if key != "update_id")
    return Ignored(f"update type {', '.join(kinds) or 'none'} is not used")


def method_reply(method: str, **params: object) -> Reply:
    """Answer a webhook with a Bot API call that Telegram makes on our behalf."""
    return Reply(json.dumps({"method": method, **params}, ensure_ascii=False), "application/json")


def _message(message: dict, raw: dict, settings: Settings, edited: bool) -> Outcome:
    chat, sender = message["chat"], message.get("from") or {}
    if chat.get("type") != "private":
        return Ignored("edited group message") if edited else _group(message, settings)
    if not sender or sender.get("is_bot"):
        return Ignored("message without a human sender")
    external_id = f"{chat['id']}:{message['message_id']}"
    text = message.get("text") or message.get("caption") or ""
    if edited:
        if not text.strip():
            return Ignored("edit without text")
        edit_id = f"{external_id}:edit:{message.get('edit_date', 0)}"
        return Received([Contact(KIND, address(sender["id"]), edit_id, text, raw, purpose=EDIT)])
    if "contact" in message:
        text = str(message["contact"].get("phone_number", ""))
    media = tuple(_media(message))
    if not text.strip() and not media:
        return Ignored("empty or unsupported message (sticker, poll, service message …)")
    return Received([Contact(KIND, address(sender["id"]), external_id, text, raw, media=media)])


def _media(message: dict):
    if message.get("photo"):
        yield MediaRef(FILE_PREFIX + message["photo"][-1]["file_id"], "image/jpeg")  # the largest size is last
    for kind, default_type in FILE_KINDS.items():
        if kind in message:
            item = message[kind]
            name = (item.get("file_name") or "")[:255] or None  # documents carry the citizen's own file name
            yield MediaRef(FILE_PREFIX + item["file_id"], item.get("mime_type") or default_type, filename=name)
    if "location" in message:
        place = message["location"]
        yield MediaRef(f"geo:{place['latitude']},{place['longitude']}", None)


def _callback(query: dict, raw: dict) -> Outcome:
    answer = method_reply("answerCallbackQuery", callback_query_id=query["id"])
    data = query.get("data") or ""
    if not data.strip():
        return Ignored("button press without data", answer)
    contact = Contact(KIND, address(query["from"]["id"]), f"callback:{query['id']}", data, raw)
    return Received([contact], answer)


def _group(message: dict, settings: Settings) -> Ignored:
    if not _addressed(message, settings.telegram_bot_token.partition(":")[0]):
        return Ignored("group or channel chatter not addressed to the bot")
    language = language_of(message.get("from"), settings.default_language)
    text = TEXTS.say("group_chat", language, hotline=settings.hotline_name)
    return Ignored("not a private chat", method_reply("sendMessage", chat_id=message["chat"]["id"], text=text))


def _addressed(message: dict, bot_id: str) -> bool:
    # Answer only what speaks to the bot, so that a group with privacy mode off (or a channel
    # the bot administers, which sees every post) is not answered line by line.
    kinds = {entity.get("type") for entity in message.get("entities") or message.get("caption_entities") or []}
    replied_to = (message.get("reply_to_message") or {}).get("from") or {}
    joined = {str(user.get("id")) for user in message.get("new_chat_members") or []}
    return bool(kinds & {"bot_command", "mention"}) or str(replied_to.get("id")) == bot_id or bot_id in joined
