"""Keep a Telegram contact's photos, voice notes and documents: fetched by the worker, never by the webhook.

Files are downloaded to a temporary folder and kept through the media store
(so every host can open them), within MEDIA_MAX_BYTES. A file that is too
large is refused (before downloading when Telegram states its size) and the
citizen is told; a Bot API outage retries the whole contact later, and a file
that still cannot be had after that is given up so that the message itself is
not held back. When the blob store is unreachable the message goes on at once
and its file stays pending: `fetch_pending` takes it again later.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from sqlmodel import Session, col, select

from channels import media_store
from channels.base import ChannelError, OutboundText
from channels.models import Attachment, Interaction
from channels.telegram import api
from channels.telegram.receive import FILE_KINDS, FILE_PREFIX
from channels.telegram.texts import TEXTS
from core.blobs.base import BlobUnavailable
from core.config import Settings
from core.runtime import current

log = logging.getLogger(__name__)
GIVE_UP_AFTER_ATTEMPTS = 2  # the inbound job tries a contact 3 times; the last try keeps the message without files


def fetch_files(session: Session, settings: Settings, contact: Interaction, language: str) -> list[OutboundText]:
    """Download the contact's files into the media store; return what to tell the citizen (refusals)."""
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
        attachment.path, attachment.size = _download_and_keep(settings, file_id, limit)
    except BlobUnavailable as exc:
        log.warning("file %s of contact %s left pending: blob store unreachable (%s)", file_id, contact.id, exc)
        return None
    except api.FileTooLarge as exc:
        attachment.size = exc.size
        session.add(attachment)
        return OutboundText(TEXTS.say("file_too_large", language, limit=_size_text(limit)), "file_refused")
    except ChannelError as exc:
        if not exc.permanent and contact.attempts < GIVE_UP_AFTER_ATTEMPTS:
            raise  # the inbound job retries the contact later
        log.warning("kept contact %s without its file %s: %s", contact.id, file_id, exc.message)
        return None
    session.add(attachment)
    return None


def _download_and_keep(settings: Settings, file_id: str, limit: int) -> tuple[str, int]:
    with tempfile.TemporaryDirectory(prefix="civicline-telegram-") as folder:
        path, size = api.download(settings, file_id, Path(folder), "file", limit)
        with path.open("rb") as handle:
            return media_store.save(current().blobs, handle, path.suffix, limit), size


def _file_sizes(payload: dict) -> dict[str, int]:
    message = payload.get("message") or {}
    files = [*message.get("photo", []), *(message[k] for k in FILE_KINDS if k in message)]
    return {f["file_id"]: f["file_size"] for f in files if f.get("file_size")}


def _size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} KB"


PENDING_BATCH = 50


def fetch_pending(session: Session, settings: Settings) -> int:
    """Fetch files left pending while the blob store was unreachable; return how many are now kept."""
    pending = session.exec(
        select(Attachment)
        .where(
            col(Attachment.path).is_(None),
            col(Attachment.size).is_(None),
            col(Attachment.note).is_(None),
            col(Attachment.url).startswith(FILE_PREFIX),
        )
        .order_by(col(Attachment.id))
        .limit(PENDING_BATCH)
    ).all()
    kept = 0
    for attachment in pending:
        try:
            attachment.path, attachment.size = _download_and_keep(
                settings, (attachment.url or "").removeprefix(FILE_PREFIX), settings.media_max_bytes
            )
            kept += 1
        except BlobUnavailable:
            break  # still down: the next run tries again
        except api.FileTooLarge as exc:
            attachment.size, attachment.note = exc.size, "not kept: over MEDIA_MAX_BYTES"
        except ChannelError as exc:
            if not exc.permanent:
                break
            attachment.note = f"not kept: {exc.message}"[:500]
        session.add(attachment)
    return kept
