"""The live stream: Server-Sent Events telling an open page that a case it may show, or its notes, changed.

Each stream lasts LIVE_STREAM_SECONDS (25 by default) and then ends; the
browser's EventSource reconnects by itself (`retry:`), so a stream never pins a
web worker for long and a restarted process loses nobody. A process serves at
most LIVE_MAX_STREAMS at once; past that it answers 503 and the page polls
instead (web/static/live.js). Run gunicorn with threads (`--worker-class
gthread`, as `serve` and deploy/ do) so each stream holds a thread, not a
process. The news says only which case changed and how; the page fetches what
it shows through the usual department checks.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import redis
from flask import Blueprint, Response, current_app
from flask_login import current_user, login_required

from core import live
from staff.models import User

bp = Blueprint("live", __name__, url_prefix="/live")
_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()
SESSION_CHECK_TICKS = 3  # seconds between checks that the viewer is still signed in
KEEPALIVE_TICKS = 15  # a comment line every 15 s keeps proxies from closing a quiet stream


@dataclass(frozen=True)
class Viewer:
    """Who holds the stream, captured once: the stream outlives the request context."""

    user_id: int
    roles: frozenset[str]
    sees_all: bool
    department_ids: frozenset[int]

    def may_see(self, news: dict[str, Any]) -> bool:
        """A case's news goes to its departments' staff; a note's to its user, or its role in its department."""
        if news.get("topic") == "case":
            return self.sees_all or bool(self.department_ids.intersection(news.get("departments", ())))
        if news.get("topic") == "call":
            return news.get("user_id") == self.user_id  # a call rings one agent's phone: only their pages pop up
        if news.get("topic") == "presence":
            return "supervisor" in self.roles or news.get("user_id") == self.user_id
        if news.get("topic") == "notice":
            if news.get("user_id") is not None:
                return news["user_id"] == self.user_id
            department = news.get("department_id")
            in_reach = self.sees_all or department is None or department in self.department_ids
            return news.get("role") in self.roles and in_reach
        return False


def shown(news: dict[str, Any]) -> dict[str, Any]:
    """Return the part of the news a page needs (never another department's details)."""
    keep = {"case": ("topic", "reference", "kind"), "call": ("topic", "kind", "call_id")}.get(
        news.get("topic", ""), ("topic", "kind")
    )
    return {key: news[key] for key in keep if key in news}


@bp.get("/events")
@login_required
def events():
    """Stream the news this user may see, for a bounded time; 503 when this process is full."""
    slots = _process_slots()
    if not slots.acquire(blocking=False):
        return Response("busy", status=503, headers={"Retry-After": "30"})
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            released.set()
            slots.release()

    viewer = _viewer()
    seconds = float(current_app.config.get("LIVE_STREAM_SECONDS", 25))
    runtime = current_app.extensions["civicline"]
    still_signed_in = _session_check(runtime, viewer.user_id, current_user.user.session_version)
    response = Response(_stream(runtime.redis, viewer, seconds, release, still_signed_in), mimetype="text/event-stream")
    response.headers.update({"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    response.call_on_close(release)
    return response


def _session_check(runtime, user_id: int | None, version: int):
    """Return a check that the user's session still stands (not signed out elsewhere, not disabled)."""

    def check() -> bool:
        with runtime.read_session() as session:
            user = session.get(User, user_id)
            return user is not None and user.active and user.session_version == version

    return check


def _stream(client: redis.Redis, viewer: Viewer, seconds: float, release, still_signed_in) -> Iterator[str]:
    quiet = 0
    try:
        yield "retry: 1000\n: connected\n\n"
        for tick, news in enumerate(live.listen(client, seconds, tick=1.0)):
            # A sign-out on another computer ends the stream: the reconnect is refused and the page signs out.
            if tick % SESSION_CHECK_TICKS == SESSION_CHECK_TICKS - 1 and not still_signed_in():
                return
            if news is not None and viewer.may_see(news):
                quiet = 0
                yield f"event: {news['topic']}\ndata: {json.dumps(shown(news), ensure_ascii=False)}\n\n"
                continue
            quiet += 1
            if quiet >= KEEPALIVE_TICKS:
                quiet = 0
                yield ": keepalive\n\n"
    except redis.RedisError:
        return  # the browser reconnects, and polls meanwhile
    finally:
        release()


def _viewer() -> Viewer:
    staff = current_user._get_current_object()
    roles = frozenset(r for r in ("agent", "supervisor", "admin") if staff.at_least(r))
    return Viewer(staff.id, roles, staff.at_least("supervisor"), frozenset(staff.department_ids))


def _process_slots() -> threading.BoundedSemaphore:
    limit = int(current_app.config.get("LIVE_MAX_STREAMS", 32))
    with _slots_lock:
        return _slots.setdefault(limit, threading.BoundedSemaphore(limit))
