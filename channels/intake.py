"""Durable intake: store raw contacts in one short transaction, then ask a worker to process them.

`take` applies any channel's outcome, the same way for the webhook route, the
mail poller and the Telegram poller: contacts are stored and a worker woken;
a delivery report moves our outbound row on and, when it says the message
failed for good or reached the citizen, wakes the worker that follows up
(`feedback.answers.delivery`); an ignored request is only logged.

A provider retry carries the same external id, and the unique constraint on
(channel, direction, external_id) makes storing it again a no-op. If Redis is
down the contact is still safe on disk; the worker's sweeper finds it. On
SQLite contacts go to the webhooks' own journal file first (see
`channels.journal`), so a webhook never waits for a worker's write lock.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import col

from channels import delivery, journal
from channels.base import Contact, Ignored, Outcome, Received, Reply, StatusChanged
from channels.models import INBOUND, RECEIVED, Attachment, Interaction
from core import queues, signals
from core.clock import utcnow

if TYPE_CHECKING:
    from core.runtime import Runtime

log = logging.getLogger(__name__)


def store(engine: Engine, contacts: list[Contact]) -> list[int]:
    """Keep contacts that are not stored yet; return the ids of the new ones (journal ids on SQLite)."""
    if not contacts:
        return []
    journal_engine = journal.engine_for(engine)
    if journal_engine is not None:
        # A retry of a contact still in the journal is ignored here; of one already moved, by the move.
        return journal.append(journal_engine, contacts, utcnow())
    statement = _insert_new(engine.dialect.name)
    now = utcnow()
    new_ids: list[int] = []
    with engine.begin() as connection:
        for contact in contacts:
            new_id = connection.execute(statement, _row(contact, now)).scalar()
            if new_id is None:
                log.info("duplicate %s contact %s ignored", contact.channel, contact.external_id)
                continue
            new_ids.append(new_id)
            if contact.media:
                connection.execute(
                    insert(Attachment),
                    [{"interaction_id": new_id, **asdict(m)} for m in contact.media],
                )
    return new_ids


def accept(runtime: Runtime, contacts: list[Contact]) -> list[int]:
    """Store contacts and, when any is new, ask a worker to process them (webhooks and pollers alike)."""
    new_ids = store(runtime.engine, contacts)
    if new_ids:
        signals.request_drain(runtime.queue(queues.INBOUND), "jobs.inbound.drain")
    return new_ids


def take(runtime: Runtime, kind: str, outcome: Outcome) -> Reply:
    """Apply what a channel made of a request or a fetched message; return the answer its provider expects."""
    if isinstance(outcome, Received):
        accept(runtime, outcome.contacts)
    elif isinstance(outcome, StatusChanged):
        followed = delivery.apply(runtime.engine, kind, outcome)
        if followed is None:
            log.info("delivery report for unknown %s message %s ignored", kind, outcome.external_id)
        elif followed:
            signals.request_drain(runtime.queue(queues.OUTBOUND), "jobs.outbound.drain")
    elif isinstance(outcome, Ignored):
        log.info("ignored %s input: %s", kind, outcome.reason)
    return outcome.reply


@lru_cache(maxsize=4)
def _insert_new(dialect: str):
    # Built once per dialect and given values at execution: every webhook runs it, and building
    # the statement anew each time cost more than the insert itself.
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        dialect_insert(Interaction)
        .on_conflict_do_nothing(index_elements=["channel", "direction", "external_id"])
        .returning(col(Interaction.id))
    )


def _row(contact: Contact, now) -> dict:
    return {
        "direction": INBOUND,
        "channel": contact.channel,
        "external_id": contact.external_id,
        "urn": contact.urn,
        "purpose": contact.purpose,
        "text": contact.text,
        "payload": contact.payload,
        "status": RECEIVED,
        "attempts": 0,
        "created_at": now,
    }
