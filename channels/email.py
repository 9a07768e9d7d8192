"""Email: a scheduled job polls the IMAP mailbox citizens write to; answers go back by SMTP in the same thread.

Each mail is stored (raw copy in the media store, contact in the database,
one committed transaction) before it is flagged seen or moved to
IMAP_PROCESSED_FOLDER, so a crash between the two fetches it again next time
and the unique external id (its Message-ID) makes that harmless.
Machine-written mail never opens a case: auto-replies and our own mail coming
back are skipped with a log line, and a bounce of one of our answers marks that
answer undeliverable.
"""

from __future__ import annotations

import email
import logging
import time

from imap_tools import AND, BaseMailBox, MailBox, MailBoxUnencrypted, MailMessageFlags

from channels import delivery, email_send, intake, media_store
from channels.base import Channel, Contact, Ignored, MediaRef, OutboundMessage, Received, StatusChanged, Webhook
from channels.email_parse import ParsedEmail, parse_message, raw_key
from channels.email_thread import clean_subject
from core import queues, signals
from core.runtime import Runtime, current
from core.urns import InvalidURN, mailto

__all__ = ["EmailChannel", "parse_message", "poll"]
log = logging.getLogger(__name__)
POLL_LIMIT = 200  # mails per batch
POLL_BUDGET_SECONDS = 45.0  # a poll stops starting batches after this; the rest waits for the next poll
MAX_TEXT_CHARS = 20_000  # the contact's text; the whole mail stays in the raw copy
TIMEOUT_SECONDS = 30


class EmailChannel(Channel):
    """Citizens' mail to the hotline's mailbox, and our answers."""

    kind = "email"

    @property
    def enabled(self) -> bool:
        return bool(self.settings.imap_host)

    def webhooks(self) -> dict[str, Webhook]:
        return {}  # mail is fetched by `poll`, not pushed

    def send(self, message: OutboundMessage) -> str:
        return email_send.send(self.settings, message)

    def receive(self, raw: bytes) -> Received | StatusChanged | Ignored:
        """Turn one raw mail into a contact to store, a bounce of our own mail, or nothing to keep."""
        parsed = parse_message(raw)
        if parsed.ignore_reason == "bounce":
            return _bounce(parsed)
        reason = parsed.ignore_reason or self._from_ourselves(parsed)
        if reason:
            return Ignored(reason)
        try:
            urn = mailto(parsed.sender)
        except InvalidURN:
            return Ignored(f"no usable sender address ({parsed.sender or 'none'})")
        media = tuple(self._store_attachments(parsed))
        text = (parsed.text or clean_subject(parsed.subject))[:MAX_TEXT_CHARS]
        if not text and not media:
            return Ignored("empty message")
        payload = self._payload(parsed, self._store_raw(raw, media))
        return Received([Contact(self.kind, urn, parsed.message_id or raw_key(raw), text, payload, media)])

    def _from_ourselves(self, parsed: ParsedEmail) -> str | None:
        ours = self.settings.email_from_address.lower()
        return "loop: mail from our own address" if ours and parsed.sender.lower() == ours else None

    def _store_attachments(self, parsed: ParsedEmail):
        limit = self.settings.media_max_bytes
        for item in parsed.attachments:
            size = len(item.data)
            if size > limit:
                note = f"not kept: {size} bytes is over MEDIA_MAX_BYTES ({limit})"
                yield MediaRef(None, item.content_type, None, size, item.filename, note)
            else:
                path = media_store.save(self.settings.data_dir, item.data)
                yield MediaRef(None, item.content_type, path, size, item.filename)

    def _store_raw(self, raw: bytes, media: tuple[MediaRef, ...]) -> str:
        if any(m.note for m in media):
            raw = _without_oversized_parts(raw, self.settings.media_max_bytes)
        return media_store.save(self.settings.data_dir, raw, ".eml")

    @staticmethod
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


def poll() -> int:
    """Fetch new mail from IMAP_FOLDER and store it (the periodic job); return how many contacts were new."""
    runtime = current()
    channel = runtime.channels.get(EmailChannel.kind)
    if channel is None or not channel.enabled:
        return 0
    return poll_mailbox(runtime, channel)  # type: ignore[arg-type]


def poll_mailbox(runtime: Runtime, channel: EmailChannel, budget_seconds: float = POLL_BUDGET_SECONDS) -> int:
    """Store each waiting mail, then flag or move it; a mail is only marked after its contact is committed.

    Works in batches until the folder is empty or the time budget is spent, so a backlog drains quickly.
    """
    folder, new = runtime.settings.imap_processed_folder, 0
    deadline = time.monotonic() + budget_seconds
    with _connect(runtime) as box:
        if folder and not box.folder.exists(folder):
            box.folder.create(folder)
        # With a processed folder everything left in the inbox is waiting; without one, the unseen mail is.
        criteria = "ALL" if folder else AND(seen=False)
        while True:
            batch = box.uids(criteria)[:POLL_LIMIT]
            for uid in batch:
                raw = _fetch_raw(box, uid)
                if raw is not None:
                    new += _keep(runtime, channel, raw)
                    _mark_done(box, folder, uid)
            if len(batch) < POLL_LIMIT or time.monotonic() > deadline:
                return new


def _connect(runtime: Runtime) -> BaseMailBox:
    s = runtime.settings
    box_class = MailBox if s.imap_ssl else MailBoxUnencrypted
    return box_class(s.imap_host, s.imap_port, timeout=TIMEOUT_SECONDS).login(
        s.imap_user, s.imap_password, initial_folder=s.imap_folder
    )


def _fetch_raw(box: BaseMailBox, uid: str) -> bytes | None:
    # BODY.PEEK leaves the \Seen flag alone until we have stored the mail.
    status, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
    for item in data if status == "OK" else []:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    log.warning("mail uid %s vanished before it could be fetched", uid)
    return None


def _keep(runtime: Runtime, channel: EmailChannel, raw: bytes) -> int:
    outcome = channel.receive(raw)
    if isinstance(outcome, Received):
        new_ids = intake.store(runtime.engine, outcome.contacts)
        if new_ids:
            signals.request_drain(runtime.queue(queues.INBOUND), "jobs.inbound.drain")
        return len(new_ids)
    if isinstance(outcome, StatusChanged):
        known = delivery.apply(runtime.engine, channel.kind, outcome)
        log.info("bounce for %s mail %s: %s", "our" if known else "unknown", outcome.external_id, outcome.error)
    else:
        log.info("ignored mail: %s", outcome.reason)
    return 0


def _mark_done(box: BaseMailBox, processed_folder: str, uid: str) -> None:
    if processed_folder:
        box.move(uid, processed_folder)
    else:
        box.flag(uid, MailMessageFlags.SEEN, True)
