"""On SQLite, webhooks append to a journal of their own, so they never wait behind a worker's batch.

SQLite lets one connection write at a time, and a worker processing a batch of
contacts holds the database's write lock for tens of milliseconds. A webhook
storing its contact there would wait that long before it could answer the
provider. So webhooks write to a second file beside the database,
`<name>-intake.sqlite3`, whose only writers are other webhooks (each for a
fraction of a millisecond). A worker's batch moves the journal's rows into
`interaction` inside its own transaction, and deletes them from the journal
once that has committed. A worker killed in between leaves rows that the next
batch moves again: the unique (channel, direction, external_id) turns the
second move into nothing.

PostgreSQL locks rows, not the database: there webhooks insert into
`interaction` directly and there is no journal.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text, UniqueConstraint, delete, func
from sqlalchemy import insert as core_insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col, select

from channels.base import Contact
from channels.models import INBOUND, RECEIVED, Attachment, Interaction
from core import sqlite_writer
from core.db import get_engine, read_only, table_of

log = logging.getLogger(__name__)
_metadata = MetaData()
entries = Table(
    "journal",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("channel", String(16), nullable=False),
    Column("external_id", String(128), nullable=False),
    Column("urn", String(320), nullable=False),
    Column("purpose", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("media", JSON, nullable=False),
    Column("created_at", table_of(Interaction).c.created_at.type, nullable=False),
    UniqueConstraint("channel", "external_id"),
)
_ready: set[str] = set()
# How long a webhook waits for the journal before answering 503: providers give up after a few seconds.
WAIT_SECONDS = 1.5


def path_for(database: Engine) -> Path | None:
    """Return the journal file for a database, or None where there is none (PostgreSQL, in-memory SQLite)."""
    if database.dialect.name != "sqlite":
        return None
    name = database.url.database
    if not name or name == ":memory:":
        return None
    main = Path(name)
    return main.with_name(f"{main.stem}-intake.sqlite3")


def engine_for(database: Engine) -> Engine | None:
    """Return the journal's engine for a database (creating the file on first use), or None."""
    path = path_for(database)
    if path is None:
        return None
    url = f"sqlite:///{path}"
    engine = get_engine(url)
    if url not in _ready:
        _metadata.create_all(engine, checkfirst=True)
        _ready.add(url)
    return engine


def append(journal: Engine, contacts: list[Contact], now: datetime) -> list[int]:
    """Write contacts to the journal (a repeat of one still there is ignored); return the new entries' ids."""
    statement = sqlite.insert(entries).on_conflict_do_nothing().returning(entries.c.id)
    new_ids = []
    with sqlite_writer.waiting_at_most(WAIT_SECONDS), journal.begin() as connection:
        for contact in contacts:
            row = {
                "channel": contact.channel,
                "external_id": contact.external_id,
                "urn": contact.urn,
                "purpose": contact.purpose,
                "text": contact.text,
                "payload": contact.payload,
                "media": [asdict(m) for m in contact.media],
                "created_at": now,
            }
            new_id = connection.execute(statement, row).scalar()
            if new_id is not None:
                new_ids.append(new_id)
    return new_ids


def read(journal: Engine, limit: int) -> list[dict]:
    """Return up to `limit` of the oldest entries (read before the caller takes the database's write lock)."""
    with read_only(journal) as connection:  # readers never hold up the webhooks' writes
        rows = connection.execute(entries.select().order_by(entries.c.id).limit(limit)).mappings().all()
    return [dict(row) for row in rows]


def copy(connection: Connection, rows: list[dict]) -> int:
    """Insert journal entries into `interaction` on the caller's transaction; return how many were new.

    An entry already there (moved before, by a worker killed before it could `forget` it,
    or a provider's retry) is skipped. The caller deletes the entries with `forget` once
    its transaction has committed.
    """
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = (
        dialect_insert(Interaction)
        .on_conflict_do_nothing(index_elements=["channel", "direction", "external_id"])
        .returning(col(Interaction.id))
    )
    new = 0
    for row in rows:
        interaction_id = connection.execute(statement, _interaction(row)).scalar()
        if interaction_id is None:
            log.info("duplicate %s contact %s ignored", row["channel"], row["external_id"])
            continue
        new += 1
        if row["media"]:
            connection.execute(core_insert(Attachment), [{"interaction_id": interaction_id, **m} for m in row["media"]])
    return new


def settle(database: Engine) -> int:
    """Move everything the webhooks journaled into the database now, as a worker's batch does first.

    For tools and tests that read `interaction` right after a webhook; returns how many entries moved.
    """
    journal = engine_for(database)
    if journal is None:
        return 0
    rows = read(journal, 1_000_000)
    if rows:
        with database.begin() as connection:
            copy(connection, rows)
        forget(journal, [row["id"] for row in rows])
    return len(rows)


def forget(journal: Engine, ids: list[int]) -> None:
    """Delete journal entries whose contacts are safely in the database."""
    if ids:
        with journal.begin() as connection:
            connection.execute(delete(entries).where(entries.c.id.in_(ids)))


def waiting(journal: Engine, older_than: datetime | None = None) -> int:
    """Count the entries not yet moved (older than a moment, when given)."""
    query = select(func.count()).select_from(entries)
    if older_than is not None:
        query = query.where(entries.c.created_at < older_than)
    with read_only(journal) as connection:
        return connection.execute(query).scalar_one()


def _interaction(row) -> dict:
    return {
        "direction": INBOUND,
        "channel": row["channel"],
        "external_id": row["external_id"],
        "urn": row["urn"],
        "purpose": row["purpose"],
        "text": row["text"],
        "payload": row["payload"],
        "status": RECEIVED,
        "attempts": 0,
        "created_at": row["created_at"],
    }
