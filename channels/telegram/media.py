"""Keep a Telegram contact's photos, voice notes and documents: fetched by the worker, never by the webhook.

Files land in <data dir>/media/telegram/<contact id>/, one per attachment row,
within MEDIA_MAX_BYTES. A file that is too large is refused (before
downloading when Telegram states its size) and the citizen is told; a Bot API
outage retries the whole contact later, and a file that still cannot be had
after that is given up so that the message itself is not held back.
"""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from channels.base import ChannelError, OutboundText
from channels.models import Attachment, Interaction
from channels.telegram import api
from channels.telegram.receive import FILE_KINDS, FILE_PREFIX, KIND
from channels.telegram.texts import TEXTS
from core.config import Settings

log = logging.getLogger(__name__)
GIVE_UP_AFTER_ATTEMPTS = 2  # the inbound job tries a contact 3 times; the last try keeps the message without files


def fetch_files(session: Session, settings: Settings, contact: Interaction, language: str) -> list[OutboundText]:
    """Download the contact's files into <data dir>/media/telegram; return what to tell the citizen (refusals)."""
    pending = session.exec(
        select(Attachment).where(
            Attachment.interaction_id == contact.id,
            col(Attachment.path).is_(None),
            col(Attachment.url).startswith(FILE_PREFIX),
        )
    ).all()
    notes = []
    for attachment in pending:
        refusal = _fetch(session, settings, contact, attachment, language)
        if refusal is not None:
            notes.append(refusal)
    return notes


def _fetch(
    session: Session, settings: Settings, contact: Interaction, attachment: Attachment, language: str
) -> OutboundText | None:
    file_id = (attachment.url or "").removeprefix(FILE_PREFIX)
    limit = settings.media_max_bytes
    announced = _file_sizes(contact.payload).get(file_id)
    try:
        if announced and announced > limit:
            raise api.FileTooLarge(announced)  # refused before a byte is downloaded
        folder = settings.data_dir / "media" / KIND / str(contact.id)
        path, size = api.download(settings, file_id, folder, f"{attachment.id}", limit)
    except api.FileTooLarge as exc:
        attachment.size = exc.size
        session.add(attachment)
        return OutboundText(TEXTS.say("file_too_large", language, limit=_size_text(limit)), "file_refused")
    except ChannelError as exc:
        if not exc.permanent and contact.attempts < GIVE_UP_AFTER_ATTEMPTS:
            raise  # the inbound job retries the contact later
        log.warning("kept contact %s without its file %s: %s", contact.id, file_id, exc.message)
        return None
    attachment.path, attachment.size = str(path.relative_to(settings.data_dir)), size
    session.add(attachment)
    return None


def _file_sizes(payload: dict) -> dict[str, int]:
    message = payload.get("message") or {}
    files = [*message.get("photo", []), *(message[k] for k in FILE_KINDS if k in message)]
    return {f["file_id"]: f["file_size"] for f in files if f.get("file_size")}


def _size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} KB"
