"""Routing models shared by every host: a retrain anywhere publishes a version, and every process picks it up.

A version is a file in the blob store and a row in `routing_model_version`;
the newest active row is the install's model. Each process looks at the
database at most every CHECK_SECONDS and loads a new version when there is
one, with no restart. A file that cannot be read is refused when it is
published, and a process that cannot load the active version keeps routing
with the model it has. `rollback` makes the version before the active one
active again.
"""

from __future__ import annotations

import logging
import secrets
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, select

from core.blobs.base import BlobError
from core.clock import utcnow
from core.db import read_only
from core.runtime import Runtime
from router.model import classifier
from router.model.classifier import ModelError, RoutingModel
from router.model.models import ModelVersion

log = logging.getLogger(__name__)
CHECK_SECONDS = 10.0  # how stale a process's idea of the active version may be: well within a minute


@dataclass
class _Loaded:
    checked_at: float = -1e9
    version: int | None = None
    model: RoutingModel | None = None
    refused: set[int] = field(default_factory=set)


_loaded: dict[str, _Loaded] = {}
_lock = threading.Lock()


def publish(runtime: Runtime, model: RoutingModel, way: str) -> int:
    """Store a trained model as the new active version and return its number."""
    with tempfile.TemporaryDirectory(prefix="civicline-model-") as folder:
        path = Path(folder) / "router.joblib"
        classifier.save(model, path)
        return publish_file(runtime, path, way)


def publish_file(runtime: Runtime, path: Path, way: str) -> int:
    """Check a model file, store it and make it the active version; raise ModelError for a file that cannot
    route (damaged, or from another version of the software), leaving the active version as it was."""
    model = classifier.load(path)
    key = f"models/routing/{utcnow():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}.joblib"
    with path.open("rb") as handle:
        runtime.blobs.put(key, handle)
    with runtime.session() as session:
        for row in session.exec(select(ModelVersion).where(col(ModelVersion.active))):
            row.active = False
            session.add(row)
        row = ModelVersion(
            key=key,
            examples=model.examples,
            departments=len(model.labels),
            trained_at=model.trained_at,
            published_by=f"{socket.gethostname()} ({way})"[:255],
            active=True,
        )
        session.add(row)
        session.flush()
        number = row.id
    assert number is not None
    with _lock:
        _loaded[_key(runtime)] = _Loaded(time.monotonic(), number, model)
    return number


def active_model(runtime: Runtime) -> RoutingModel | None:
    """Return the model to route with (None before any is published), looking for a new version at most every
    CHECK_SECONDS; a version that cannot be loaded is refused and the model in hand kept."""
    with _lock:
        loaded = _loaded.setdefault(_key(runtime), _Loaded())
        if time.monotonic() - loaded.checked_at < CHECK_SECONDS:
            return loaded.model
        row = active_version(runtime)
        loaded.checked_at = time.monotonic()
        if row is None:
            loaded.model, loaded.version = None, None
            return None
        if row.id == loaded.version or row.id in loaded.refused:
            return loaded.model
        try:
            loaded.model, loaded.version = _load(runtime, row.key), row.id
            log.info("routing with model version %s", row.id)
        except ModelError as exc:
            assert row.id is not None
            loaded.refused.add(row.id)
            log.error("routing model version %s refused, keeping the one in hand: %s", row.id, exc)
        except BlobError as exc:
            log.error("routing model version %s not reachable yet, keeping the one in hand: %s", row.id, exc)
        return loaded.model


def active_version(runtime: Runtime) -> ModelVersion | None:
    """Return the active version's row, or None before any model is published."""
    # A read-only connection: the router asks from inside a batch that holds SQLite's write lock.
    with read_only(runtime.engine) as connection, Session(bind=connection) as session:
        query = select(ModelVersion).where(col(ModelVersion.active)).order_by(col(ModelVersion.id).desc())
        return session.exec(query).first()


def versions(runtime: Runtime, limit: int = 10) -> list[ModelVersion]:
    """Return the newest versions, newest first."""
    with read_only(runtime.engine) as connection, Session(bind=connection) as session:
        return list(session.exec(select(ModelVersion).order_by(col(ModelVersion.id).desc()).limit(limit)))


def rollback(runtime: Runtime) -> int:
    """Make the version before the active one active again and return its number; raise ModelError if none."""
    with runtime.session() as session:
        current = session.exec(
            select(ModelVersion).where(col(ModelVersion.active)).order_by(col(ModelVersion.id).desc())
        ).first()
        if current is None:
            raise ModelError("no routing model has been published yet")
        previous = session.exec(
            select(ModelVersion).where(col(ModelVersion.id) < current.id).order_by(col(ModelVersion.id).desc())
        ).first()
        if previous is None:
            raise ModelError(f"version {current.id} is the first one: there is nothing to roll back to")
        for row in session.exec(select(ModelVersion).where(col(ModelVersion.active))):
            row.active = False
            session.add(row)
        previous.active = True
        session.add(previous)
        number = previous.id
    assert number is not None
    forget(runtime)
    return number


def adopt_local_file(runtime: Runtime, path: Path) -> int | None:
    """Publish the model an older install kept at `path` when nothing is published yet; return its version."""
    if not path.is_file() or active_version(runtime) is not None:
        return None
    try:
        return publish_file(runtime, path, "adopted from the data directory")
    except ModelError as exc:
        log.error("the old model file %s cannot be used (train again): %s", path, exc)
        return None


def forget(runtime: Runtime) -> None:
    """Make this process look at the database on its next use (after a change made here)."""
    with _lock:
        _loaded.pop(_key(runtime), None)


def _load(runtime: Runtime, key: str) -> RoutingModel:
    with tempfile.TemporaryDirectory(prefix="civicline-model-") as folder:
        path = Path(folder) / "router.joblib"
        with runtime.blobs.open(key) as source, path.open("wb") as out:
            while block := source.read(1024 * 1024):
                out.write(block)
        return classifier.load(path)


def _key(runtime: Runtime) -> str:
    return runtime.engine.url.render_as_string(hide_password=True)
