"""Who is at work now: every staff request notes its user in Redis, and the live view reads who was seen lately.

An open inbox page polls every few seconds, so an agent with the inbox open is
"signed in"; one who closed the tab drops off after PRESENT_FOR. Redis being
down only empties the list (the pages themselves do not need it).
"""

from __future__ import annotations

import logging
import time

import redis
from flask import Flask, current_app
from flask_login import current_user

log = logging.getLogger(__name__)
KEY = "civicline:presence"
PRESENT_FOR = 120  # seconds since a user's last request
NOTE_EVERY = 20  # seconds: one Redis write per user and process this often, not one per request
_noted: dict[int, float] = {}


def init_app(app: Flask) -> None:
    """Note the signed-in user on every request."""
    app.before_request(_seen)


def _seen() -> None:
    if not (current_user and current_user.is_authenticated):
        return
    now = time.time()
    if now - _noted.get(current_user.id, 0.0) < NOTE_EVERY:
        return
    _noted[current_user.id] = now  # also after a failure: a Redis outage must not slow every page down
    try:
        current_app.extensions["civicline"].redis.zadd(KEY, {str(current_user.id): now})
    except redis.RedisError as exc:
        log.debug("presence not noted: %s", exc)


def present(connection: redis.Redis) -> list[int]:
    """Return the ids of the staff seen in the last PRESENT_FOR seconds (forgetting older ones)."""
    cutoff = time.time() - PRESENT_FOR
    try:
        connection.zremrangebyscore(KEY, "-inf", cutoff)
        return [int(member) for member in connection.zrangebyscore(KEY, cutoff, "+inf")]
    except redis.RedisError as exc:
        log.warning("could not read who is signed in: %s", exc)
        return []
