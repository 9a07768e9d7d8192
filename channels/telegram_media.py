"""Keep a Telegram contact's photos, voice notes and documents: fetched by the worker, never by the webhook.

Files land in <data dir>/media/telegram/<contact id>/, one per attachment row,
within MEDIA_MAX_BYTES. A file that is too large is refused (before
downloading when Telegram states its size) and the citizen is told; a Bot API
outage retries the whole contact later, and a file that still cannot be had
after that is given up so that the message itself is not held back.
"""

from __future__ import annotations

import logging

from sqlmodel import col, select

from channels import telegram_bot, telegram_updates
from channels.base import ChannelError
from channels.models import Attachment
from channels.telegram_texts import say
from jobs.context import InboundContext

log = logging.getLogger(__name__)
KIND = telegram_updates.KIND
GIVE_UP_AFTER_ATTEMPTS = 2  # the inbound job tries a contact 3 times; the last try keeps the message without files


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
        ctx.reply(say("file_too_large", _language(ctx), limit=_size_text(limit)), "file_refused")
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


def _size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} KB"


def _language(ctx: InboundContext) -> str:
    return ctx.citizen.language or ctx.language
