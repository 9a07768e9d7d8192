"""What one process needs at hand, built once: settings, the database engine, Redis and queues, the channels."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import redis
from rq import Queue
from sqlalchemy.engine import Engine
from sqlmodel import Session

from core import queues
from core.blobs.base import BlobStore
from core.blobs.choose import from_settings as blob_store
from core.config import Settings
from core.db import get_engine, session_scope


@dataclass
class Runtime:
    """The process-wide handles; jobs and views reach them through `current()` or the Flask app."""

    settings: Settings
    # The channel adapters by kind, built by the wiring (`channels.registry`); read them with `channels.registry.get`.
    channels: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def engine(self) -> Engine:
        return get_engine(self.settings.effective_database_url)

    @cached_property
    def blobs(self) -> BlobStore:
        """Where files live: media, mail sources, routing models (one store for every host)."""
        return blob_store(self.settings, self.engine)

    @property
    def redis(self) -> redis.Redis:
        return queues.connection(self.settings)

    def queue(self, name: str) -> Queue:
        return queues.queue(self.settings, name)

    def session(self):
        """Return a context manager for one committed-or-rolled-back unit of work."""
        return session_scope(self.engine)

    def read_session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


def persistent_secret(data_dir: Path, name: str) -> str:
    """Return a random secret kept in the data directory, so every process of one install shares it."""
    path = data_dir / name
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(32))
            path.chmod(0o600)
        except FileExistsError:
            pass  # another process wrote it first; use theirs
    return path.read_text(encoding="ascii").strip()


_current: Runtime | None = None


def install(runtime: Runtime) -> Runtime:
    """Make a runtime the process's current one (the worker and the web app each install theirs)."""
    global _current
    _current = runtime
    return runtime


def current() -> Runtime:
    """Return the process's runtime; `app.py`, `worker.py` and the tests install one at start."""
    if _current is None:
        raise RuntimeError("no runtime installed in this process: build one with wiring.bootstrap and install it")
    return _current
