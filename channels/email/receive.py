"""Read one raw mail into what the hotline keeps: a contact, a bounce of one of our answers, or nothing.

Machine-written mail never opens a case: auto-replies and our own mail coming
back are skipped with a log line, and a bounce of one of our answers marks that
answer undeliverable (the worker then tries the citizen's other addresses).
Attachments and the raw mail go to the media store before the contact is stored.
"""

from __future__ import annotations

import email

from channels import media_store
from channels.base import Contact, Ignored, MediaRef, Received, StatusChanged
from channels.email.parse import ParsedEmail, parse_message, raw_key
from channels.email.thread import clean_subject
from core.blobs.base import BlobStore
from core.config import Settings
from core.urns import InvalidURN

KIND = "email"
MAX_TEXT_CHARS = 20_000  # the contact's text; the whole mail stays in the raw copy


def address(raw: str) -> str:
    """Return `mailto:` with the domain lower-cased (local parts may be case-sensitive)."""
    text = raw.strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in text):
        raise InvalidURN(f"not an email address: {raw!r}")
    return f"mailto:{local}@{domain.lower()}"


def mail(settings: Settings, blobs: BlobStore, raw: bytes) -> Received | StatusChanged | Ignored:
    """Turn one raw mail into a contact to store, a bounce of our own mail, or nothing to keep (its files go to
    `blobs` first; BlobUnavailable leaves the mail unread, to be taken again by the next poll)."""
    parsed = parse_message(raw)
    if parsed.ignore_reason == "bounce":
        return _bounce(parsed)
    reason = parsed.ignore_reason or _from_ourselves(settings, parsed)
    if reason:
        return Ignored(reason)
    try:
        urn = address(parsed.sender)
    except InvalidURN:
        return Ignored(f"no usable sender address ({parsed.sender or 'none'})")
    media = tuple(_store_attachments(settings, blobs, parsed))
    text = (parsed.text or clean_subject(parsed.subject))[:MAX_TEXT_CHARS]
    if not text and not media:
        return Ignored("empty message")
    payload = _payload(parsed, _store_raw(settings, blobs, raw, media))
    return Received([Contact(KIND, urn, parsed.message_id or raw_key(raw), text, payload, media)])


def _from_ourselves(settings: Settings, parsed: ParsedEmail) -> str | None:
    ours = settings.email_from_address.lower()
    return "loop: mail from our own address" if ours and parsed.sender.lower() == ours else None


def _store_attachments(settings: Settings, blobs: BlobStore, parsed: ParsedEmail):
    limit = settings.media_max_bytes
    for item in parsed.attachments:
        size = len(item.data)
        if size > limit:
            note = f"not kept: {size} bytes is over MEDIA_MAX_BYTES ({limit})"
            yield MediaRef(None, item.content_type, None, size, item.filename, note)
        else:
            path = media_store.save(blobs, item.data, _suffix(item.filename))
            yield MediaRef(None, item.content_type, path, size, item.filename)


def _store_raw(settings: Settings, blobs: BlobStore, raw: bytes, media: tuple[MediaRef, ...]) -> str:
    if any(m.note for m in media):
        raw = _without_oversized_parts(raw, settings.media_max_bytes)
    return media_store.save(blobs, raw, ".eml")


def _suffix(filename: str | None) -> str:
    name = filename or ""
    return name[name.rfind(".") :] if "." in name else ""


def _payload(parsed: ParsedEmail, raw_path: str) -> dict:
    return {
        "message_id": parsed.message_id,
        "in_reply_to": parsed.in_reply_to,
        "references": list(parsed.references),
        "thread_ids": list(parsed.thread_ids),
        "subject": parsed.subject,
        "from": parsed.sender,
        "from_name": parsed.sender_name,
        "date": parsed.date,
        "html_only": parsed.html_only,
        "quoted_text_cut": parsed.text != parsed.body.strip(),
        "raw_path": raw_path,
        "defects": list(parsed.defects),
    }


def _bounce(parsed: ParsedEmail) -> StatusChanged | Ignored:
    if parsed.bounce_action == "failed" and parsed.bounced_ids:
        return StatusChanged(parsed.bounced_ids[0], "undeliverable", f"bounced: {parsed.bounce_error}"[:500])
    return Ignored(f"bounce ({parsed.bounce_action or 'no action'}) for no mail of ours")


def _without_oversized_parts(raw: bytes, limit: int) -> bytes:
    """Return the raw mail with every part over `limit` replaced by a note, so the copy obeys the size limit."""
    message = email.message_from_bytes(raw)
    for part in message.walk():
        if part.is_multipart():
            continue
        data = part.get_payload(decode=True) or b""
        if len(data) > limit:
            del part["Content-Transfer-Encoding"]
            part.set_payload(f"[CivicLine: {len(data)} bytes removed, over MEDIA_MAX_BYTES]")
    return message.as_bytes()
