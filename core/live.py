"""Live updates: what just happened, told to every web process through Redis pub/sub once it is committed.

Code that changes something staff are looking at calls `announce(session, ...)`
inside its transaction; the news is published only after the commit (a page
that reloads on it must find the change), and dropped on a rollback. Any web
process may be holding a browser's stream (`web.live`), so the news goes
through Redis rather than process memory. Pub/sub is fire-and-forget: a page
that was not listening catches up by its polling fallback, so a failed publish
is logged, never raised into the work that already committed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import redis
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.runtime import current

CHANNEL = "civicline:live"
_PENDING = "civicline_live"
log = logging.getLogger("civicline.live")


def announce(session: Session, **news: Any) -> None:
    """Queue news (JSON-able values) to publish when this session's transaction commits."""
    session.info.setdefault(_PENDING, []).append(news)


def publish(client: redis.Redis, news: dict[str, Any]) -> None:
    """Publish one piece of news now; a Redis failure costs only the live update."""
    try:
        client.publish(CHANNEL, json.dumps(news, ensure_ascii=False, default=str))
    except redis.RedisError as exc:
        log.warning("live update not published (pages will catch up by polling): %s", exc)


def listen(client: redis.Redis, seconds: float, tick: float = 10.0) -> Iterator[dict[str, Any] | None]:
    """Yield news for up to `seconds`, and None at least every `tick` seconds so a caller can keep a line alive."""
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(CHANNEL)
    try:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            message = pubsub.get_message(timeout=min(tick, left))
            yield json.loads(message["data"]) if message else None
    finally:
        pubsub.close()


@event.listens_for(Session, "after_commit")
def _publish_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        client = current().redis
        for news in pending:
            publish(client, news)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
