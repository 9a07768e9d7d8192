"""Sign-in throttling: failed attempts per username and address are counted in Redis and capped."""

from __future__ import annotations

import hashlib

import redis

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.lower()}|{address}".encode()).hexdigest()[:32]
    return f"civicline:signin-failures:{digest}"


def blocked_for(connection: redis.Redis, username: str, address: str) -> int:
    """Return how many seconds this username+address must wait before trying again (0: not blocked)."""
    key = _key(username, address)
    failures = int(connection.get(key) or 0)
    if failures < MAX_FAILURES:
        return 0
    return max(int(connection.ttl(key)), 1)


def record_failure(connection: redis.Redis, username: str, address: str) -> int:
    """Count a failed attempt (the window starts at the first failure); return the count."""
    key = _key(username, address)
    with connection.pipeline() as pipe:
        pipe.set(key, 0, nx=True, ex=WINDOW_SECONDS)  # INCR keeps this expiry (works on Redis 6 too)
        pipe.incr(key)
        _, count = pipe.execute()
    return int(count)


def clear(connection: redis.Redis, username: str, address: str) -> None:
    """Forget the failures after a successful sign-in."""
    connection.delete(_key(username, address))
