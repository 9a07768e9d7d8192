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
import time
from collections.abc import Callable

import redis
from rq import Queue

log = logging.getLogger(__name__)
FLAG_TTL_SECONDS = 10
# A drain that runs dry keeps watching this long (holding the flag, so webhooks need not
# enqueue another job): at a steady trickle one job serves many contacts instead of one each.
LINGER_SECONDS = 0.1
POLL_SECONDS = 0.025
MAX_DRAIN_SECONDS = 1.0  # a busy drain hands over to a new job after this long (see drain_until_idle)


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


def drain_until_idle(
    queue: Queue, func: str, run_once: Callable[[], int], max_seconds: float | None = None, exclusive: bool = False
) -> int:
    """Call `run_once` (which returns how much it did) until the queue has stayed idle a moment; return the total.

    A drain that is still busy after `max_seconds` asks for another drain job and returns,
    so that its worker takes the other queues' jobs in turn: under a steady load a drain
    never idles, and two workers each holding an inbound drain would leave replies unsent.

    An `exclusive` drain runs alone: a second drain job of the queue ends at once, leaving its
    worker free for other queues (on SQLite two inbound drains only wait for each other's
    write lock). The running drain looks once more after giving up its claim, so a contact
    whose drain job ended that way is still seen.
    """
    connection, queue_name = queue.connection, queue.name
    running = Running(connection, queue_name) if exclusive else None
    if running is not None and not running.claim():
        return 0
    max_seconds = MAX_DRAIN_SECONDS if max_seconds is None else max_seconds
    clear_request(connection, queue_name)
    total, idle_since, started = 0, None, time.monotonic()
    try:
        while True:
            done = run_once()
            total += done
            if running is not None:
                running.renew()
            if done:
                idle_since = None
                if time.monotonic() - started >= max_seconds:
                    if running is not None:
                        running.release()
                    # Forced: the flag may still be ours from a moment spent watching, and nobody
                    # else would ask for a drain until it expired. At worst one drain too many runs.
                    request_drain(queue, func, force=True)
                    return total
                continue
            if idle_since is None:
                idle_since = time.monotonic()
                connection.set(flag_key(queue_name), 1, ex=FLAG_TTL_SECONDS)  # we are watching: no new job needed
            if time.monotonic() - idle_since >= LINGER_SECONDS:
                # Anything stored before this clear is seen by the last look; anything after enqueues a new drain.
                if running is not None:
                    running.release()
                clear_request(connection, queue_name)
                last = run_once()
                if not last:
                    return total
                total, idle_since = total + last, None
                if running is not None and not running.claim():
                    return total  # another drain has started meanwhile: it goes on
                continue
            time.sleep(POLL_SECONDS)
    finally:
        if running is not None:
            running.release()


class Running:
    """The mark of the one drain of a queue at work, kept alive while it works (it expires if the worker dies)."""

    TTL_SECONDS = 5

    def __init__(self, connection: redis.Redis, queue_name: str):
        self.connection, self.key, self.held = connection, f"civicline:drain-running:{queue_name}", False

    def claim(self) -> bool:
        """Take the mark unless another drain holds it; return whether we hold it now."""
        self.held = bool(self.connection.set(self.key, 1, nx=True, ex=self.TTL_SECONDS))
        return self.held

    def renew(self) -> None:
        """Keep the mark alive while the drain works."""
        if self.held:
            self.connection.expire(self.key, self.TTL_SECONDS)

    def release(self) -> None:
        """Give the mark up (at the end, or before handing over to a new drain job)."""
        if self.held:
            self.connection.delete(self.key)
            self.held = False
