"""Redis connections and the rq queues every process shares."""

from __future__ import annotations

from functools import lru_cache

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq import Queue

from core.config import Settings
from core.redis_server import ensure_embedded

INBOUND = "inbound"
OUTBOUND = "outbound"
SCHEDULED = "scheduled"
OUTREACH = "outreach"  # notices to segments: slow, paced sending kept apart from replies to contacts
QUEUE_NAMES = (INBOUND, OUTBOUND, SCHEDULED, OUTREACH)


def redis_url(settings: Settings) -> str:
    """Return REDIS_URL, or the embedded server's URL (starting it if needed)."""
    return settings.redis_url or ensure_embedded(settings.data_dir)


@lru_cache(maxsize=8)
def _connection(url: str) -> redis.Redis:
    # A webhook must answer even when Redis is down. redis-py's default retries
    # ten times with back-off (seconds per command against a dead server); one
    # immediate retry is enough to replace a pooled socket Redis closed on restart.
    return redis.Redis.from_url(
        url, socket_connect_timeout=0.5, socket_timeout=2, health_check_interval=30, retry=Retry(NoBackoff(), 1)
    )


def connection(settings: Settings) -> redis.Redis:
    """Return the process-wide Redis client for these settings."""
    return _connection(redis_url(settings))


def queue(settings: Settings, name: str) -> Queue:
    """Return one of the named rq queues."""
    return Queue(name, connection=connection(settings))
