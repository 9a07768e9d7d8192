"""`/channels/<kind>[/<action>]`: one route for every channel's webhooks.

The view only dispatches: the channel verifies and parses, `channels.intake.take`
stores and wakes a worker, and the channel's own Reply is the answer.
"""

from __future__ import annotations

import logging
import sqlite3

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy.exc import OperationalError

from channels import intake, registry
from channels.base import WebhookError

log = logging.getLogger(__name__)
bp = Blueprint("channels", __name__, url_prefix="/channels")
# SQLAlchemy wraps the driver's errors, but SQLite's write lock is taken before it sees the transaction.
UNAVAILABLE = (OperationalError, sqlite3.OperationalError)
RETRY_AFTER_SECONDS = 5


@bp.post("/<kind>", defaults={"action": ""})
@bp.post("/<kind>/<action>")
def webhook(kind: str, action: str):
    runtime = current_app.extensions["civicline"]
    channel = registry.get(runtime.channels, kind)
    if channel is None or not channel.enabled:
        return _error(404, f"channel {kind!r} is not enabled on this hotline")
    handler = channel.webhooks().get(action)
    if handler is None:
        return _error(404, f"channel {kind!r} has no webhook {action!r}")
    try:
        outcome = handler(request)
    except WebhookError as exc:
        log.warning("refused %s %s webhook from %s: %s", kind, action or "message", request.remote_addr, exc.message)
        return _error(exc.status, exc.message)
    except UNAVAILABLE:
        log.exception("database unavailable while answering a %s webhook", kind)
        return _unavailable("temporarily unable to read the database; please retry")
    try:
        reply = intake.take(runtime, kind, outcome)
    except UNAVAILABLE:
        log.exception("database unavailable; asking the provider to retry")
        return _unavailable("temporarily unable to store the request; please retry")
    return Response(reply.body, status=reply.status, content_type=reply.content_type)


def _unavailable(message: str) -> Response:
    response = _error(503, message)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _error(status: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    return response
