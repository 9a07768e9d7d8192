"""Jobs that run every so often (poll a mailbox, check deadlines), once per interval across all workers.

Every worker's ticker calls `enqueue_due`; a Redis key per job (`SET NX EX
interval`) makes sure only one of them enqueues it each interval, on the
`scheduled` queue, where any worker picks it up. Add a job by appending to
PERIODIC. The sweeper is not here: it runs inline in each ticker, because it
must keep working while Redis is down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import redis

from core import queues
from core.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """A job function (dotted path, no arguments) and how many seconds apart it runs.

    `every_setting` names a Settings field that overrides `every_seconds` (e.g. EMAIL_POLL_SECONDS).
    """

    name: str
    func: str
    every_seconds: int
    every_setting: str | None = None

    def interval(self, settings) -> int:
        """Return the interval in seconds under these settings."""
        return int(getattr(settings, self.every_setting)) if self.every_setting else self.every_seconds


PERIODIC: list[Periodic] = [
    Periodic("email-poll", "jobs.mail.poll", 60, every_setting="email_poll_seconds"),
    Periodic("metrics-rollup", "jobs.figures.refresh", 60),
    Periodic("sla_sweep", "jobs.deadlines.sweep", 60),
    Periodic("sla_escalate", "jobs.deadlines.escalate_breaches", 60),
    Periodic("recordings", "jobs.recordings.fetch_pending", 60),
    Periodic("router.assign_waiting", "jobs.routing.assign_waiting", 60),
    Periodic("router.retrain", "jobs.routing.retrain_nightly", 24 * 3600),
    Periodic("privacy.retention", "jobs.privacy.expire_nightly", 24 * 3600),
    Periodic("media.fetch_pending", "jobs.media.fetch_pending", 300),
    Periodic("calendar.refresh", "jobs.foresight.refresh_calendar", 24 * 3600),
    Periodic("report_keys.prune", "jobs.foresight.prune_report_keys", 24 * 3600),
    Periodic("tasks.late", "jobs.foresight.announce_late_tasks", 300),
    Periodic("hotspots.snapshot", "jobs.foresight.refresh_hotspots", 300),
    Periodic("calls.reconcile", "jobs.calls.reconcile", 30),
    Periodic("outreach.tick", "jobs.outreach.tick", 15),
]


def enqueue_due(runtime: Runtime, jobs: list[Periodic] | None = None) -> list[str]:
    """Enqueue each periodic job whose interval has passed; return the names enqueued."""
    enqueued = []
    for job in PERIODIC if jobs is None else jobs:
        try:
            if runtime.redis.set(f"civicline:periodic:{job.name}", 1, nx=True, ex=job.interval(runtime.settings)):
                runtime.queue(queues.SCHEDULED).enqueue(job.func, job_timeout=600, result_ttl=0)
                enqueued.append(job.name)
        except redis.RedisError as exc:
            log.warning("could not enqueue periodic job %s: %s", job.name, exc)
    return enqueued
