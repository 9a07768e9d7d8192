"""Send queued outbound messages through their channel, with retries and back-off.

A message is claimed (status 'sending', with a lease) in one short
transaction, sent outside any transaction, and its result recorded in
another. A worker killed between the two leaves a 'sending' row whose lease
runs out; the sweeper puts it back in the queue, so a message is sent at least
once — and, where the channel can ask its provider (`Channel.already_sent`), a
second attempt first looks for the first one there, so not twice. Transient
failures wait and retry; permanent ones and the last retry are marked on the
row, where the agent sees them.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import bindparam, case, select, update
from sqlmodel import or_

from channels import registry
from channels.base import ChannelError, OutboundMessage
from channels.models import ANSWER, DELIVERED, FAILED, OUTBOUND, QUEUED, SENDING, SENT, UNDELIVERABLE, Interaction
from core import queues, signals
from core.clock import utcnow
from core.db import read_only, table_of
from core.runtime import Runtime, current
from feedback.answers import delivery
from feedback.cases.models import Case
from feedback.outreach import consent
from router.identity.models import Citizen

log = logging.getLogger(__name__)
BATCH_SIZE = 64
SEND_THREADS = 8
LEASE = timedelta(minutes=2)  # for a batch sent in one round of threads; each further round adds SEND_TIMEOUT
# The longest one send may take: every channel's own timeout (Twilio, Telegram, SMTP) is 30 s.
SEND_TIMEOUT = timedelta(seconds=30)
BACKOFF_SECONDS = (10, 30, 120, 600, 1800)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1


def drain() -> int:
    """Send every message that is due, and follow up delivery reports (the rq job behind the outbound queue).

    Returns how many messages were tried or followed up.
    """
    runtime = current()
    with ThreadPoolExecutor(SEND_THREADS) as pool:

        def one_batch() -> int:
            claimed, followed = claim(runtime, BATCH_SIZE)
            if claimed:
                record(runtime, list(pool.map(lambda message: _send(runtime, message), claimed)))
            return followed + len(claimed)

        return signals.drain_until_idle(runtime.queue(queues.OUTBOUND), "jobs.outbound.drain", one_batch)


def claim(runtime: Runtime, limit: int) -> tuple[list[tuple[OutboundMessage, str, int]], int]:
    """Follow up delivery reports, then mark due messages as 'sending' under a lease.

    Returns (message, channel, attempts) for each message claimed, and how many reports were followed
    up (a failure's retry on another channel is claimed in the same batch).
    """
    now = utcnow()
    table = table_of(Interaction)  # Core statements: a batch is one select and one executemany update
    cases, citizens = table_of(Case), table_of(Citizen)
    with runtime.session() as session:
        followed = delivery.follow_up(session, runtime.channels)
        if followed:
            session.flush()  # a failure's retry on another channel is claimed below
        rows = session.execute(
            select(
                table.c.id,
                table.c.urn,
                table.c.text,
                table.c.payload,
                table.c.channel,
                table.c.attempts,
                table.c.purpose,
                table.c.created_at,
                cases.c.reference,
                cases.c.language.label("case_language"),
                citizens.c.language.label("citizen_language"),
            )
            .select_from(table)
            .outerjoin(cases, cases.c.id == table.c.case_id)
            .outerjoin(citizens, citizens.c.id == table.c.citizen_id)
            .where(table.c.direction == OUTBOUND, table.c.status == QUEUED)
            .where(or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= now))
            .order_by(table.c.id)
            .limit(limit)
            .with_for_update(of=table, skip_locked=True)
        ).all()
        if rows:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"))
                .values(status=SENDING, attempts=bindparam("tries"), next_attempt_at=now + lease_for(len(rows))),
                [{"row_id": row.id, "tries": row.attempts + 1} for row in rows],
            )
        default = runtime.settings.default_language
        return [(_outbound_message(row, default), row.channel, row.attempts + 1) for row in rows], followed


def lease_for(rows: int) -> timedelta:
    """Return how long a batch holds its rows: the last of them waits its turn behind the threads' earlier sends.

    A lease shorter than that lets the sweeper hand a row still waiting in a slow batch to another
    worker, and both send it.
    """
    rounds = -(-rows // SEND_THREADS)
    return LEASE + max(0, rounds - 1) * SEND_TIMEOUT


def _outbound_message(row, default_language: str) -> OutboundMessage:
    # Channel extras (a Telegram keyboard) ride in the row's payload under "options".
    return OutboundMessage(
        row.id,
        row.urn,
        row.text,
        (row.payload or {}).get("options", {}),
        purpose=row.purpose,
        reference=row.reference,
        language=row.case_language or row.citizen_language or default_language,
        queued_at=row.created_at,
    )


# (interaction id, attempts, the provider's id, the error, whether acceptance counts as delivery on its channel)
Result = tuple[int, int, str | None, ChannelError | None, bool]


def _send(runtime: Runtime, item: tuple[OutboundMessage, str, int]) -> Result:
    message, kind, attempts = item
    channel = registry.get(runtime.channels, kind)
    try:
        if channel is None:
            raise ChannelError(f"no channel called {kind!r}", permanent=True)
        if attempts > 1:  # an earlier attempt may have reached the provider with its answer lost
            found = channel.already_sent(message, _ids_taken(runtime, message))
            if found is not None:
                log.warning("message %s was already at %s as %s: not sent again", message.interaction_id, kind, found)
                return message.interaction_id, attempts, found, None, channel.accepted_is_delivered
        return message.interaction_id, attempts, channel.send(message), None, channel.accepted_is_delivered
    except ChannelError as exc:
        log.warning("sending message %s on %s failed: %s", message.interaction_id, kind, exc.message)
        return message.interaction_id, attempts, None, exc, False


def _ids_taken(runtime: Runtime, message: OutboundMessage) -> frozenset[str]:
    """Return the provider ids other messages to the same address already own (two replies may read alike)."""
    table = table_of(Interaction)
    query = select(table.c.external_id).where(
        table.c.direction == OUTBOUND, table.c.urn == message.urn, table.c.external_id.is_not(None)
    )
    with read_only(runtime.engine) as connection:
        return frozenset(connection.execute(query).scalars())


def record(runtime: Runtime, results: list[Result]) -> None:
    """Write each send's outcome; only rows still 'sending' change, so a fast delivery callback wins."""
    now = utcnow()
    table = table_of(Interaction)  # Core statements: the ORM's bulk-update bookkeeping is most of the cost here
    sent = [{"row_id": row_id, "sid": sid} for row_id, _attempts, sid, error, _accepted in results if error is None]
    accepted = [row_id for row_id, _attempts, _sid, error, on_accept in results if error is None and on_accept]
    with runtime.session() as session:
        if sent:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"), table.c.status == SENDING)
                .values(status=SENT, external_id=bindparam("sid"), sent_at=now, error=None, next_attempt_at=None),
                sent,
            )
            # A delivery callback may have moved a row past 'sending' before we got here.
            session.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"), table.c.external_id.is_(None))
                .values(external_id=bindparam("sid"), sent_at=now),
                sent,
            )
        if accepted:
            _delivered_on_acceptance(session, table, accepted, now)
        undeliverable = []
        for interaction_id, attempts, _sid, error, _accepted in results:
            if error is None:
                continue
            values = _outcome(now, attempts, None, error)
            changed = session.execute(
                update(table).where(table.c.id == interaction_id, table.c.status == SENDING).values(**values)
            ).rowcount
            if changed and values["status"] == UNDELIVERABLE:
                undeliverable.append(interaction_id)
        _record_provider_opt_outs(session, table, [r[0] for r in results if r[3] is not None and r[3].opted_out])
        # Queued in this transaction, so the drain's next claim picks the retries up.
        delivery.fall_back(session, runtime.channels, undeliverable)


def _record_provider_opt_outs(session, table, row_ids: list[int]) -> None:
    # The provider says the citizen opted out with it: recorded as their choice, like a STOP we received.
    for urn, kind in session.execute(select(table.c.urn, table.c.channel).where(table.c.id.in_(row_ids))):
        consent.provider_opt_out(session, urn, kind)


def _delivered_on_acceptance(session, table, row_ids: list[int], now) -> None:
    # Where acceptance is the only receipt (Telegram, email), a sent answer waits for the follow-up
    # that notes the case answered, as an SMS answer does when its delivery report comes.
    follow = case((table.c.purpose == ANSWER, now), else_=None)
    session.execute(
        update(table)
        .where(table.c.id.in_(row_ids), table.c.status == SENT)
        .values(status=DELIVERED, delivered_at=now, next_attempt_at=follow)
    )


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
