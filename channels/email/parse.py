"""Read one raw mail into what the hotline needs: sender, subject, thread ids, new text, attachments, and
whether a machine rather than a person wrote it (auto-replies, bounces, our own mail coming back)."""

from __future__ import annotations

import email
import email.utils
import hashlib
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.header import decode_header
from email.message import Message
from email.parser import HeaderParser
from typing import cast

from channels.email.body import decode_bytes, html_to_text, new_text

LOOP_HEADER = "X-CivicLine-Loop"
MAX_ATTACHMENTS = 20
_AUTO_PRECEDENCE = {"bulk", "auto_reply", "junk", "list"}
_BOUNCE_SENDERS = {"mailer-daemon", "postmaster"}


@dataclass(frozen=True)
class EmailAttachment:
    """A file that came with the mail, decoded from its transfer encoding."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedEmail:
    """One inbound mail, normalised; `ignore_reason` is set when no person wrote it."""

    sender: str
    sender_name: str
    subject: str
    message_id: str
    in_reply_to: str
    references: tuple[str, ...]
    date: str
    text: str
    body: str
    html_only: bool
    attachments: tuple[EmailAttachment, ...] = ()
    ignore_reason: str | None = None
    bounced_ids: tuple[str, ...] = ()
    bounce_action: str = ""
    bounce_error: str = ""
    defects: tuple[str, ...] = field(default_factory=tuple)

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """Return the ids of the messages this one answers, the direct parent first."""
        ids = [self.in_reply_to, *reversed(self.references)]
        return tuple(dict.fromkeys(i for i in ids if i))


def message_key(raw_id: str | None) -> str:
    """Normalise a Message-ID into the key we store: no angle brackets or spaces, hashed when over 128 chars."""
    text = (raw_id or "").strip().strip("<>").strip()
    if len(text) > 120:
        return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
    return text


def raw_key(raw: bytes) -> str:
    """Return the stand-in id for a mail without a Message-ID: the hash of its bytes."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def header_text(value) -> str:
    """Decode a header (RFC 2047 words, raw 8-bit bytes, any charset) into one line of text."""
    if value is None:
        return ""
    try:
        chunks = decode_header(value)
    except (HeaderParseError, ValueError):  # a malformed encoded word: keep the header as it came
        return " ".join(str(value).encode("utf-8", "replace").decode("utf-8").split())
    parts = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            label = None if charset in (None, "unknown-8bit") else charset
            chunk = decode_bytes(chunk, label)
        parts.append(chunk)
    return " ".join("".join(parts).split())


def _ids(value) -> tuple[str, ...]:
    text = header_text(value)
    found = [message_key(part) for part in text.replace(">", "> ").split() if part.startswith("<")]
    return tuple(i for i in found if i)


def parse_message(raw: bytes) -> ParsedEmail:
    """Parse a raw RFC 5322 mail into a ParsedEmail; never raises, whatever the bytes.

    Headers may be RFC 2047-encoded or raw 8-bit; bodies may be in any charset, labelled rightly or
    wrongly (see `email_text.decode_bytes`). HTML-only mail becomes plain text. `text` keeps only what the
    writer added (quoted history and the signature are cut); `body` is the whole decoded body. Attachments
    come back decoded. `ignore_reason` says why a machine-written mail must not open a case.
    """
    message = email.message_from_bytes(raw)
    name, address = email.utils.parseaddr(header_text(message.get("From")))
    body, html_only = _body(message)
    bounced, action, error = _bounce_details(message)
    return ParsedEmail(
        sender=address if "@" in address else "",
        sender_name=name,
        subject=header_text(message.get("Subject")),
        message_id=message_key(header_text(message.get("Message-ID"))),
        in_reply_to=next(iter(_ids(message.get("In-Reply-To"))), ""),
        references=_ids(message.get("References")),
        date=header_text(message.get("Date")),
        text=new_text(body),
        body=body,
        html_only=html_only,
        attachments=tuple(_attachments(message)),
        ignore_reason=_machine_written(message, address),
        bounced_ids=bounced,
        bounce_action=action,
        bounce_error=error,
        defects=tuple(type(d).__name__ for d in message.defects),
    )


def _machine_written(message: Message, address: str) -> str | None:
    auto = header_text(message.get("Auto-Submitted")).lower()
    precedence = header_text(message.get("Precedence")).lower()
    if _is_bounce(message, address):
        return "bounce"
    if message.get(LOOP_HEADER) is not None:
        return f"loop: {LOOP_HEADER} (our own mail came back)"
    if auto and auto != "no":
        return f"auto-reply: Auto-Submitted {auto}"
    if precedence in _AUTO_PRECEDENCE:
        return f"auto-reply: Precedence {precedence}"
    for name in ("X-Autoreply", "X-Autorespond"):
        if message.get(name) is not None:
            return f"auto-reply: {name}"
    return None


def _is_bounce(message: Message, address: str) -> bool:
    report = message.get_content_type() == "multipart/report"
    return_path = message.get("Return-Path")
    empty_return_path = return_path is not None and header_text(return_path) in ("<>", "")
    return report or empty_return_path or address.partition("@")[0].lower() in _BOUNCE_SENDERS


def _text_parts(message: Message):
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if part.get_content_disposition() == "attachment" or part.get_filename():
            continue
        yield part


def _payload(part: Message) -> bytes:
    """The part's bytes, transfer encoding undone.

    With `decode=True` the standard library returns bytes (None for a multipart part);
    typeshed types it as any payload, messages included.
    """
    return cast(bytes | None, part.get_payload(decode=True)) or b""


def _decoded(part: Message) -> str:
    return decode_bytes(_payload(part), part.get_content_charset())


def _body(message: Message) -> tuple[str, bool]:
    """Return the body text (plain preferred) and whether it had to be made from HTML."""
    parts = list(_text_parts(message))
    plain = [p for p in parts if p.get_content_subtype() == "plain"]
    if plain:
        return _decoded(plain[0]).strip(), False
    html = [p for p in parts if p.get_content_subtype() == "html"]
    if html:
        return html_to_text(_decoded(html[0])), True
    return "", False


def _attachments(message: Message):
    if message.get_content_type() == "multipart/report":
        return  # a bounce's parts are the report and our own mail, not the citizen's files
    count = 0
    for part in message.walk():
        if part.is_multipart() or part.get_content_type().startswith("message/"):
            continue
        is_file = part.get_content_disposition() == "attachment" or part.get_filename()
        if not is_file and part.get_content_maintype() in ("text", "multipart"):
            continue
        if count >= MAX_ATTACHMENTS:
            return
        count += 1
        filename = header_text(part.get_filename()) or f"attachment-{count}"
        yield EmailAttachment(filename[:200], part.get_content_type()[:128], _payload(part))


def _bounce_details(message: Message) -> tuple[tuple[str, ...], str, str]:
    """Return (ids of our mail that bounced, the DSN action, the diagnostic) from a delivery report."""
    if message.get_content_type() != "multipart/report":
        return (), "", ""
    ids: list[str] = []
    action = error = ""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            for block in part.get_payload() or []:
                if isinstance(block, Message):
                    action = action or str(block.get("Action", "")).strip().lower()
                    error = error or str(block.get("Diagnostic-Code") or block.get("Status") or "").strip()
        elif kind == "message/rfc822":
            for inner in part.get_payload() or []:
                if isinstance(inner, Message):
                    ids.append(message_key(str(inner.get("Message-ID", ""))))
        elif kind == "text/rfc822-headers":
            headers = HeaderParser().parsestr(_decoded(part))
            ids.append(message_key(str(headers.get("Message-ID", ""))))
    return tuple(i for i in ids if i), action, error[:500]
