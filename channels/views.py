"""`/channels/<kind>[/<action>]`: one route for every channel's webhooks.

The view only dispatches: the channel verifies and parses, `intake` stores,
`signals` wakes a worker, and the channel's own Reply is the answer.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy.exc import OperationalError

from channels import delivery, intake
from channels.base import Ignored, Received, Reply, StatusChanged, WebhookError
from channels.models import UNDELIVERABLE
from core import queues, signals
from feedback import delivery_fallback

log = logging.getLogger(__name__)
bp = Blueprint("channels", __name__, url_prefix="/channels")


@bp.post("/<kind>", defaults={"action": ""})
@bp.post("/<kind>/<action>")
def webhook(kind: str, action: str):
    runtime = current_app.extensions["civicline"]
    channel = runtime.channels.get(kind)
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
    except OperationalError:
        log.exception("database unavailable while answering a %s webhook", kind)
        return _error(503, "temporarily unable to read the database; please retry")
    try:
        return _apply(runtime, kind, outcome)
    except OperationalError:
        log.exception("database unavailable; asking the provider to retry")
        return _error(503, "temporarily unable to store the request; please retry")


def _apply(runtime, kind: str, outcome) -> Response:
    if isinstance(outcome, Received):
        intake.accept(runtime, outcome.contacts)
    elif isinstance(outcome, StatusChanged):
        if not delivery.apply(runtime.engine, kind, outcome):
            log.info("delivery report for unknown %s message %s ignored", kind, outcome.external_id)
        elif outcome.status == UNDELIVERABLE and delivery_fallback.after_report(runtime, kind, outcome):
            signals.request_drain(runtime.queue(queues.OUTBOUND), "jobs.outbound.drain")
    elif isinstance(outcome, Ignored):
        log.info("ignored %s webhook: %s", kind, outcome.reason)
    return _reply(outcome.reply)


def _reply(reply: Reply) -> Response:
    return Response(reply.body, status=reply.status, content_type=reply.content_type)


def _error(status: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    return response
