"""The backstop: find work that waits too long and ask for it again, so nothing is lost to Redis or a killed worker."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import func, update
from sqlmodel import col, or_, select

from channels import journal
from channels.models import DELIVERED, INBOUND, OUTBOUND, QUEUED, RECEIVED, SENDING, UNDELIVERABLE, Interaction
from core import queues, signals
from core.clock import utcnow
from core.runtime import Runtime

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(seconds=5)


def sweep(runtime: Runtime) -> dict[str, int]:
    """Release expired send leases, and request drains for contacts and messages left waiting."""
    now = utcnow()
    with runtime.session() as session:
        released = session.exec(
            update(Interaction)
            .where(col(Interaction.direction) == OUTBOUND, col(Interaction.status) == SENDING)
            .where(col(Interaction.next_attempt_at) < now)
            .values(status=QUEUED, next_attempt_at=None)
        ).rowcount
        waiting_in = _count_due(session, INBOUND, RECEIVED, now)
    journal_engine = journal.engine_for(runtime.engine)
    if journal_engine is not None:
        waiting_in += journal.waiting(journal_engine, older_than=now - STALE_AFTER)
    with runtime.session() as session:
        waiting_out = _count_due(session, OUTBOUND, QUEUED, now) + _reports_waiting(session, now)
    if released:
        log.warning("released %d outbound messages whose sender stopped mid-send", released)
    if waiting_in:
        signals.request_drain(runtime.queue(queues.INBOUND), "jobs.inbound.drain", force=True)
    if waiting_out:
        signals.request_drain(runtime.queue(queues.OUTBOUND), "jobs.outbound.drain", force=True)
    return {"released": released, "inbound": waiting_in, "outbound": waiting_out}


def _reports_waiting(session, now) -> int:
    """Count delivery reports whose follow-up (a fallback, an answer marked delivered) no worker has done yet."""
    query = (
        select(func.count())
        .select_from(Interaction)
        .where(Interaction.direction == OUTBOUND, col(Interaction.status).in_((DELIVERED, UNDELIVERABLE)))
        .where(col(Interaction.next_attempt_at) < now - STALE_AFTER)
    )
    return session.exec(query).one()


def _count_due(session, direction: str, status: str, now) -> int:
    query = (
        select(func.count())
        .select_from(Interaction)
        .where(Interaction.direction == direction, Interaction.status == status)
        .where(col(Interaction.created_at) < now - STALE_AFTER)
        .where(or_(col(Interaction.next_attempt_at).is_(None), col(Interaction.next_attempt_at) <= now))
    )
    return session.exec(query).one()
