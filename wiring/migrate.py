"""Bring a database to the newest schema, one process at a time."""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from core.db import foreign_keys_checked_later, get_engine, normalise_url

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_ADVISORY_LOCK_ID = 0x0C1C11E  # any fixed number; shared by every CivicLine process


def alembic_config(url: str) -> Config:
    """Return an Alembic config that points at our migrations and this database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["url"] = normalise_url(url)
    return cfg


def upgrade(url: str, lock_dir: Path) -> None:
    """Apply every pending migration, holding a lock so parallel starts don't race."""
    with _lock(url, lock_dir):
        engine = get_engine(url)
        with engine.connect() as connection, foreign_keys_checked_later(connection), connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
            cfg = alembic_config(url)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")


@contextmanager
def _lock(url: str, lock_dir: Path):
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / "migrate.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
