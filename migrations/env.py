"""Alembic environment: the URL comes from the caller (core.migrate) or DATABASE_URL."""

from alembic import context
from sqlmodel import SQLModel

import wiring.schema
from core import config as civicline_config
from core.db import foreign_keys_checked_later, get_engine

target_metadata = SQLModel.metadata


def _url() -> str:
    url = context.config.attributes.get("url")
    return url or civicline_config.from_environ().effective_database_url


def run_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=wiring.schema.include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with get_engine(_url()).connect() as connection, foreign_keys_checked_later(connection):
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=wiring.schema.include_name,
    )
    with context.begin_transaction():
        context.run_migrations()
        # Foreign keys are not enforced while SQLite rebuilds tables (core.db.foreign_keys_checked_later).
        if connection.dialect.name == "sqlite" and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
            raise RuntimeError("a migration left rows pointing at rows that are gone: nothing was changed")


if context.is_offline_mode():
    run_offline()
else:
    run_online()
