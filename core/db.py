"""The database engine and sessions: SQLite in the data directory by default, PostgreSQL in production."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy import Table, event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, create_engine

from core import sqlite_writer

_engines: dict[str, Engine] = {}
READ_ONLY = "civicline_read_only"
T = TypeVar("T")


def normalise_url(url: str) -> str:
    """Accept the common 'postgres://' spelling and pick the psycopg2 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    return url


def get_engine(url: str) -> Engine:
    """Return the process-wide engine for a URL, creating it once."""
    url = normalise_url(url)
    engine = _engines.get(url)
    if engine is None:
        engine = _make_engine(url)
        _engines[url] = engine
    return engine


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        factory = sqlite_writer.connection_class(sqlite_writer.lock_path(path))
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False, "factory": factory})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the web process read while a worker writes; NORMAL sync is safe with WAL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={sqlite_writer.BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin_immediate(connection) -> None:
    # Taking the write lock up front avoids SQLITE_BUSY deadlocks when a reader upgrades.
    # A connection opened with `read_only()` never writes, so it reads without waiting for writers.
    if connection.get_execution_options().get(READ_ONLY):
        return
    connection.connection.dbapi_connection.begin_immediate()


@contextmanager
def foreign_keys_checked_later(connection: Connection) -> Iterator[None]:
    """On SQLite, stop enforcing foreign keys on this connection for the block (a schema change), then again.

    SQLite changes a column by rebuilding the table, and dropping the old copy of a table others point at
    fails while they are enforced. The pragma only takes effect outside a transaction: call this before
    the connection begins. The caller checks what the block left with `PRAGMA foreign_key_check`.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None and not connection.in_transaction()
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def read_only(engine: Engine):
    """Return a connection for reads alone: on SQLite it does not queue for the write lock (WAL lets it read)."""
    return engine.connect().execution_options(**{READ_ONLY: True})


def dispose_all() -> None:
    """Close every pooled connection (after a fork, or at shutdown)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Yield a session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def per_transaction(session: Session, key: str, load: Callable[[], T]) -> T:
    """Return `load()`, called once per transaction of the session.

    For what a worker's batch would otherwise read again for every contact and
    what rarely changes (departments, SLA policies, the agents and their load):
    a new transaction reads it afresh.
    """
    transaction = session.get_transaction()
    cached = session.info.get(key)
    if cached is None or cached[0] is not transaction:
        cached = (transaction, load())
        session.info[key] = cached
    return cached[1]


class Keyed(Protocol):
    """A row with an integer primary key `id` (every table model but a few keyed by a name or a date)."""

    @property
    def id(self) -> int | None: ...


def id_of(row: Keyed) -> int:
    """Return the id of a row that has been written (flushed) or read.

    Table models declare `id: int | None` because a new object has none until its first flush;
    past that, every row has one. This says so in one place rather than at every use.
    """
    assert row.id is not None, f"{type(row).__name__} has no id yet: it was never flushed"
    return row.id


def table_of(model: type[SQLModel]) -> Table:
    """Return a table model's Core table, for Core statements (SQLModel's classes do not declare `__table__`)."""
    table = inspect(model).local_table
    assert isinstance(table, Table)
    return table
