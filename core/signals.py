"""Wake the workers: one drain job per queue at a time, requested cheaply and safely.

Webhooks call `request_drain` after storing a row. A short-lived Redis flag
means a burst of a thousand contacts enqueues a handful of drain jobs rather
than a thousand; each drain job clears the flag before it starts reading, so a
row stored while it runs always triggers another drain. When Redis is down
the request is dropped and logged: the row is in the database, and the
worker's sweeper requests a drain for anything left waiting.
"""

from __future__ import annotations

import logging

import redis
from rq import Queue

log = logging.getLogger(__name__)
FLAG_TTL_SECONDS = 10


def flag_key(queue_name: str) -> str:
    """Return the Redis key that says a drain of this queue is already requested."""
    return f"civicline:drain-requested:{queue_name}"


def request_drain(queue: Queue, func: str, force: bool = False) -> bool:
    """Enqueue a drain job unless one is already waiting; return whether one was enqueued."""
    try:
        if not force and not queue.connection.set(flag_key(queue.name), 1, nx=True, ex=FLAG_TTL_SECONDS):
            return False
        queue.enqueue(func, job_timeout=600, result_ttl=0, failure_ttl=7 * 24 * 3600)
        return True
    except redis.RedisError as exc:
        log.warning("could not request a %s drain (Redis: %s); the sweeper will retry", queue.name, exc)
        return False


def clear_request(connection: redis.Redis, queue_name: str) -> None:
    """Clear the flag at the start of a drain, so anything stored from now on asks for another."""
    connection.delete(flag_key(queue_name))
