"""SLA timers as scheduled rq jobs, asked for inside a transaction and enqueued only once it commits.

A timer is only a wake-up call: the job reads the case from the database and
decides what is due, so a timer that fires twice, late, or for a deadline that
has moved since does no harm. Timers lost with Redis are covered by the
periodic sweep in `jobs.sla_timers`, which reads the same due times.
"""

from __future__ import annotations

import logging
from datetime import datetime

import redis
from sqlalchemy import event
from sqlmodel import Session

log = logging.getLogger(__name__)
CHECK_JOB = "jobs.deadlines.check_case"
_KEY = "civicline_sla_timers"
_DRAIN_KEY = "civicline_outbound_waiting"


def want(session: Session, case_id: int | None, when: datetime | None) -> None:
    """Ask for the case to be checked at `when`, once the session's transaction commits."""
    if case_id is not None and when is not None:
        session.info.setdefault(_KEY, set()).add((case_id, when))


def want_outbound_drain(session: Session) -> None:
    """Ask for the outbound queue to be drained once the transaction commits (messages were queued)."""
    session.info[_DRAIN_KEY] = True


def schedule(queue, case_id: int, when: datetime, pipeline=None) -> None:
    """Enqueue a check of one case at one moment on the scheduled queue (one job per case and moment)."""
    job_id = f"civicline-sla-{case_id}-{int(when.timestamp())}"
    queue.enqueue_at(
        when, CHECK_JOB, case_id, job_id=job_id, result_ttl=0, failure_ttl=7 * 24 * 3600, pipeline=pipeline
    )


@event.listens_for(Session, "after_commit")
def _enqueue_wanted(session: Session) -> None:
    wanted = session.info.pop(_KEY, None)
    drain = session.info.pop(_DRAIN_KEY, False)
    if not wanted and not drain:
        return
    from core import queues, signals
    from core.runtime import current

    if drain:
        signals.request_drain(current().queue(queues.OUTBOUND), "jobs.outbound.drain")
    if not wanted:
        return
    try:
        queue = current().queue(queues.SCHEDULED)
        with queue.connection.pipeline() as pipeline:  # a batch's timers in one round trip
            for case_id, when in sorted(wanted, key=lambda item: item[1]):
                schedule(queue, case_id, when, pipeline)
            pipeline.execute()
    except redis.RedisError as exc:
        log.warning("could not schedule %d SLA timers (Redis: %s); the periodic sweep covers them", len(wanted), exc)


@event.listens_for(Session, "after_rollback")
def _forget_wanted(session: Session) -> None:
    session.info.pop(_KEY, None)
    session.info.pop(_DRAIN_KEY, None)
