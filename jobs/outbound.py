"""Send queued outbound messages through their channel, with retries and back-off.

A message is claimed (status 'sending', with a lease) in one short
transaction, sent outside any transaction, and its result recorded in
another. A worker killed between the two leaves a 'sending' row whose lease
runs out; the sweeper puts it back in the queue, so a message is sent at least
once. Transient failures wait and retry; permanent ones and the last retry are
marked on the row, where the agent sees them.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, or_, select

from channels.base import ChannelError, OutboundMessage
from channels.models import FAILED, OUTBOUND, QUEUED, SENDING, SENT, UNDELIVERABLE, Interaction
from core import queues, signals
from core.clock import utcnow
from core.runtime import Runtime, current
from feedback import delivery_fallback

log = logging.getLogger(__name__)
BATCH_SIZE = 32
SEND_THREADS = 8
LEASE = timedelta(minutes=2)
BACKOFF_SECONDS = (10, 30, 120, 600, 1800)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1


def drain() -> int:
    """Send every message that is due (the rq job behind the outbound queue); return how many were tried."""
    runtime = current()
    with ThreadPoolExecutor(SEND_THREADS) as pool:

        def one_batch() -> int:
            claimed = claim(runtime, BATCH_SIZE)
            if claimed:
                record(runtime, list(pool.map(lambda message: _send(runtime, message), claimed)))
            return len(claimed)

        return signals.drain_until_idle(runtime.redis, queues.OUTBOUND, one_batch)


def claim(runtime: Runtime, limit: int) -> list[tuple[OutboundMessage, str, int]]:
    """Mark due messages as 'sending' under a lease; return (message, channel, attempts) for each."""
    now = utcnow()
    with runtime.session() as session:
        rows = list(
            session.exec(
                select(Interaction)
                .where(Interaction.direction == OUTBOUND, Interaction.status == QUEUED)
                .where(or_(col(Interaction.next_attempt_at).is_(None), col(Interaction.next_attempt_at) <= now))
                .order_by(col(Interaction.id))
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        for row in rows:
            row.status, row.attempts, row.next_attempt_at = SENDING, row.attempts + 1, now + LEASE
            session.add(row)
        return [(_outbound_message(row), row.channel, row.attempts) for row in rows]


def _outbound_message(row: Interaction) -> OutboundMessage:
    # Channel extras (a Telegram keyboard) ride in the row's payload under "options".
    return OutboundMessage(row.id, row.urn, row.text, (row.payload or {}).get("options", {}))  # type: ignore[arg-type]


def _send(runtime: Runtime, item: tuple[OutboundMessage, str, int]) -> tuple[int, int, str | None, ChannelError | None]:
    message, kind, attempts = item
    channel = runtime.channels.get(kind)
    try:
        if channel is None:
            raise ChannelError(f"no channel called {kind!r}", permanent=True)
        return message.interaction_id, attempts, channel.send(message), None
    except ChannelError as exc:
        log.warning("sending message %s on %s failed: %s", message.interaction_id, kind, exc.message)
        return message.interaction_id, attempts, None, exc


def record(runtime: Runtime, results: list[tuple[int, int, str | None, ChannelError | None]]) -> None:
    """Write each send's outcome; only rows still 'sending' change, so a fast delivery callback wins."""
    now = utcnow()
    table = Interaction.__table__  # Core statements: the ORM's bulk-update bookkeeping is most of the cost here
    with runtime.session() as session:
        undeliverable = []
        for interaction_id, attempts, external_id, error in results:
            values = _outcome(now, attempts, external_id, error)
            changed = session.execute(
                update(table).where(table.c.id == interaction_id, table.c.status == SENDING).values(**values)
            ).rowcount
            if error is None:
                _fill_missing_external_id(session, interaction_id, external_id)
            elif changed and values["status"] == UNDELIVERABLE:
                undeliverable.append(interaction_id)
        # Queued in this transaction, so the drain's next claim picks the retries up.
        delivery_fallback.fall_back(session, runtime.channels, undeliverable)


def _outcome(now, attempts: int, external_id: str | None, error: ChannelError | None) -> dict:
    if error is None:
        return {"status": SENT, "external_id": external_id, "sent_at": now, "error": None, "next_attempt_at": None}
    if error.permanent:
        return {"status": UNDELIVERABLE, "error": error.message, "next_attempt_at": None}
    if attempts >= MAX_ATTEMPTS:
        return {
            "status": FAILED,
            "error": f"gave up after {attempts} attempts: {error.message}",
            "next_attempt_at": None,
        }
    delay = error.retry_after or BACKOFF_SECONDS[attempts - 1]
    return {"status": QUEUED, "error": error.message, "next_attempt_at": now + timedelta(seconds=delay)}


def _fill_missing_external_id(connection: Connection | Session, interaction_id: int, external_id: str | None) -> None:
    # A delivery callback may have moved the row past 'sending' before we got here.
    table = Interaction.__table__
    connection.execute(
        update(table)
        .where(table.c.id == interaction_id, table.c.external_id.is_(None))
        .values(external_id=external_id, sent_at=utcnow())
    )
