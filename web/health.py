"""`/healthz`: what a load balancer or an operator checks — the database and Redis both answer —
and what an operator watches: work waiting in the queues and messages that could not be delivered."""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from channels import journal
from channels.models import FAILED, INBOUND, OUTBOUND, QUEUED, RECEIVED, UNDELIVERABLE, Interaction
from core import queues
from core.blobs.base import BlobError
from core.db import read_only

bp = Blueprint("health", __name__)
# (label, direction, status): counts served by the (direction, status, next_attempt_at) index.
_BACKLOG = (
    ("contacts_waiting", INBOUND, RECEIVED),
    ("contacts_failed", INBOUND, FAILED),
    ("replies_waiting", OUTBOUND, QUEUED),
    ("replies_failed", OUTBOUND, FAILED),
    ("replies_undeliverable", OUTBOUND, UNDELIVERABLE),
)


@bp.get("/healthz")
def healthz():
    runtime = current_app.extensions["civicline"]
    checks: dict[str, object] = {"database": "ok", "redis": "ok"}
    try:
        with read_only(runtime.engine) as connection:  # a probe must not queue behind a worker's batch
            connection.execute(text("SELECT 1"))
            checks["backlog"] = _backlog(connection)
        journal_engine = journal.engine_for(runtime.engine)
        if journal_engine is not None:  # stored by webhooks, not yet moved in by a worker (SQLite)
            checks["backlog"]["contacts_waiting"] += journal.waiting(journal_engine)  # type: ignore[index]
    except SQLAlchemyError as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        runtime.redis.ping()
        checks["queues"] = {name: runtime.queue(name).count for name in queues.QUEUE_NAMES}
    except redis.RedisError as exc:
        checks["redis"] = f"error: {type(exc).__name__}"
    checks["blobs"] = _blobs(runtime)
    # The blob store is reported, not required: without it contacts are still taken and files fetched later.
    healthy = checks["database"] == "ok" and checks["redis"] == "ok"
    return jsonify(status="ok" if healthy else "degraded", **checks), 200 if healthy else 503


def _blobs(runtime) -> str:
    try:
        runtime.blobs.exists("healthz/probe")
    except BlobError as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


def _backlog(connection) -> dict[str, int]:
    table = Interaction.__table__
    counts = {}
    for label, direction, status in _BACKLOG:
        query = select(func.count()).select_from(table).where(table.c.direction == direction, table.c.status == status)
        counts[label] = connection.execute(query).scalar_one()
    return counts
