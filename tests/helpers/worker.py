"""Helpers the tests share: signed provider requests, and running the real rq worker until the queues are empty."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from channels import journal
from channels.models import INBOUND, RECEIVED, Interaction
from core import queues
from core.db import read_only
from core.runtime import Runtime
from tests.helpers import FIXTURES
from worker import PromptWorker


def fixture(name: str) -> dict:
    """Load a recorded provider payload from tests/fixtures."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def twilio_post(client, settings, path: str, form: dict, signature: str | None = None):
    """POST a form exactly as Twilio does: url-encoded, signed over PUBLIC_URL + path."""
    if signature is None:
        signature = RequestValidator(settings.twilio_auth_token).compute_signature(settings.public_url + path, form)
    return client.post(
        path,
        data=urlencode(form),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature},
    )


def work(runtime: Runtime) -> None:
    """Run a real rq worker (rq's SimpleWorker, stopping promptly) over every queue until they are empty."""
    worker = PromptWorker([runtime.queue(name) for name in queues.QUEUE_NAMES], connection=runtime.redis)
    worker.work(burst=True, logging_level="WARNING")


def settle(runtime: Runtime) -> None:
    """Move what webhooks journaled (SQLite) into `interaction`, as a worker's batch does first."""
    journal.settle(runtime.engine)


def contacts_waiting(runtime: Runtime) -> int:
    """Count contacts stored and not processed yet: in `interaction`, and on SQLite in the webhooks' journal too."""
    table = Interaction.__table__
    with read_only(runtime.engine) as connection:  # not queued behind a worker's write lock
        stored = connection.execute(
            select(func.count()).select_from(table).where(table.c.direction == INBOUND, table.c.status == RECEIVED)
        ).scalar_one()
    journal_engine = journal.engine_for(runtime.engine)
    return stored + (journal.waiting(journal_engine) if journal_engine is not None else 0)
