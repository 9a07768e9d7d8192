"""The real rq worker run until the queues are empty, the webhooks' journal settled, and contacts still waiting."""

from __future__ import annotations

from sqlalchemy import func, select

from channels import journal
from channels.models import INBOUND, RECEIVED, Interaction
from core import queues
from core.db import read_only
from core.runtime import Runtime
from worker import PromptWorker


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
