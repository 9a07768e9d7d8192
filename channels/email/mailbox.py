"""Fetch citizens' mail from the hotline's IMAP mailbox (a periodic job in the worker calls `poll_mailbox`).

Each mail is stored (raw copy in the media store, contact in the database,
one committed transaction) before it is flagged seen or moved to
IMAP_PROCESSED_FOLDER, so a crash between the two fetches it again next time
and the unique external id (its Message-ID) makes that harmless.
"""

from __future__ import annotations

import logging
import time

from imap_tools import AND, BaseMailBox, MailBox, MailBoxUnencrypted, MailMessageFlags

from channels import intake
from channels.base import Received
from channels.email import receive
from core.runtime import Runtime

log = logging.getLogger(__name__)
POLL_LIMIT = 200  # mails per batch
POLL_BUDGET_SECONDS = 45.0  # a poll stops starting batches after this; the rest waits for the next poll
TIMEOUT_SECONDS = 30


def poll_mailbox(runtime: Runtime, budget_seconds: float = POLL_BUDGET_SECONDS) -> int:
    """Store each waiting mail, then flag or move it; a mail is only marked after its contact is committed.

    Works in batches until the folder is empty or the time budget is spent, so a backlog drains quickly.
    Returns how many new contacts were stored.
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
                    new += _keep(runtime, raw)
                    _mark_done(box, folder, uid)
            if len(batch) < POLL_LIMIT or time.monotonic() > deadline:
                return new


def _keep(runtime: Runtime, raw: bytes) -> int:
    outcome = receive.mail(runtime.settings, runtime.blobs, raw)
    if isinstance(outcome, Received):
        return len(intake.accept(runtime, outcome.contacts))
    intake.take(runtime, receive.KIND, outcome)
    return 0


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


def _mark_done(box: BaseMailBox, processed_folder: str, uid: str) -> None:
    if processed_folder:
        box.move(uid, processed_folder)
    else:
        box.flag(uid, MailMessageFlags.SEEN, True)
