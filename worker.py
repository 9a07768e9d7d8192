"""The rq worker: `python worker.py` serves the inbound, outbound and scheduled queues.

It is a non-forking SimpleWorker: the engine, models and channel clients load
once per process instead of once per job. Beside the rq loop a ticker thread
runs the sweeper every few seconds, which is what makes a Redis outage or a
killed worker a delay rather than a loss. Run as many as the load needs.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time

import redis
from rq import Queue, SimpleWorker
from rq.scheduler import RQScheduler

from core import queues
from core.runtime import Runtime, install
from jobs import periodic, sweeper
from wiring import bootstrap

log = logging.getLogger("civicline.worker")
SWEEP_INTERVAL = 5.0
MAX_RECONNECT_WAIT = 5.0
# After SIGTERM a job in hand gets this long to finish; then it is stopped and its work left to the sweepers
# of the other workers (every job is idempotent), so the worker is gone within 10 s, well inside the unit's
# TimeoutStopSec.
STOP_GRACE_SECONDS = 8.0


def run_ticker(runtime: Runtime, stop: threading.Event, interval: float = SWEEP_INTERVAL) -> None:
    """Sweep, enqueue due periodic jobs and release due delayed jobs until told to stop; failures are retried."""
    scheduler = RQScheduler(list(queues.QUEUE_NAMES), connection=runtime.redis)
    while not stop.wait(interval):
        try:
            sweeper.sweep(runtime)
            periodic.enqueue_due(runtime)
            release_delayed_jobs(scheduler)
        except Exception:
            log.exception("sweep failed; retrying in %.0fs", interval)


def release_delayed_jobs(scheduler: RQScheduler) -> int:
    """Move delayed jobs (`enqueue_at`: SLA timers) whose time has come onto their queues; return how many.

    This is rq's own scheduler logic run in the ticker thread: rq would fork a child for it, and
    a child that inherits the worker's database connections keeps a killed worker's PostgreSQL
    transaction, and its row locks, alive. One worker at a time holds the scheduler locks.
    """
    if not scheduler.acquire_locks():
        return 0
    registries = [
        Queue(name, connection=scheduler.connection).scheduled_job_registry for name in scheduler.acquired_locks
    ]
    due = sum(len(registry.get_jobs_to_schedule()) for registry in registries)
    if due:
        scheduler.enqueue_scheduled_jobs()
    return due


def warm_up(runtime: Runtime) -> None:
    """Load jieba's dictionary, the routing model and the urgency model before taking work.

    Loaded lazily, they cost the first contact a second or more, inside a batch that holds
    SQLite's write lock, and every contact behind it waited too.
    """
    from router.model import classifier as routing_model
    from router.model import features, published, urgency

    features.words("预热 warm up")
    urgency.model(runtime.settings.data_dir)
    try:
        published.active_model(runtime)
    except routing_model.ModelError as exc:
        log.error("routing without the model: %s", exc)


class PromptWorker(SimpleWorker):
    """rq's non-forking worker, whose stop does not wait a minute for the thread that listens for rq's commands.

    rq's teardown sends UNSUBSCRIBE and only then calls the listener thread's `stop()`, which
    redis-py (8.2) makes wait for the thread to end. A thread that handles the reply first finds
    nothing subscribed and waits for a subscription for rq's `sleep_time`, 60 s: a test's
    `work()` stalled that long, and a worker told to stop could outlast systemd's TimeoutStopSec.
    """

    def unsubscribe(self) -> None:
        thread = self.pubsub_thread
        if thread is None:
            return
        # What stop() does before it waits, done before the reply that wakes the thread, so the thread sees it.
        thread._running.clear()
        self.pubsub.unsubscribe()
        thread.join(timeout=1)  # rq's bound, should the reply never come
        self.pubsub.close()

    def request_stop(self, signum, frame) -> None:
        """Stop after the job in hand, or hand it back if it is still running STOP_GRACE_SECONDS later."""
        super().request_stop(signum, frame)
        if self.get_current_job_id() is not None:
            timer = threading.Timer(STOP_GRACE_SECONDS, self._hand_back)
            timer.daemon = True
            timer.start()

    def _hand_back(self) -> None:
        log.warning("job still running %.0fs after the stop request: stopping it; the sweepers redo its work",
                    STOP_GRACE_SECONDS)  # fmt: skip
        os.kill(os.getpid(), signal.SIGTERM)  # rq's second signal: a cold stop of the job in hand


class FairWorker(PromptWorker):
    """rq's non-forking worker, taking its queues in turn rather than always the inbound one first.

    With inbound first, a steady stream of contacts kept both workers on inbound drains
    while the acknowledgements they queued waited; each queue now gets its turn.
    """

    def reorder_queues(self, reference_queue: Queue) -> None:
        position = self._ordered_queues.index(reference_queue)
        self._ordered_queues = self._ordered_queues[position + 1 :] + self._ordered_queues[: position + 1]


def work(runtime: Runtime, burst: bool = False) -> None:
    """Run the rq loop, reconnecting when Redis goes away instead of exiting.

    rq's forked scheduler stays off: the ticker thread releases delayed jobs instead (see
    `release_delayed_jobs`).
    """
    while True:
        try:
            worker = FairWorker([runtime.queue(name) for name in queues.QUEUE_NAMES], connection=runtime.redis)
            # rq backs off up to a minute between reconnects; after an outage we want the work done promptly.
            worker.max_connection_wait_time = MAX_RECONNECT_WAIT
            worker.work(burst=burst, with_scheduler=False, logging_level="WARNING")
            if burst or worker._shutdown_requested_date is not None:  # rq's mark of a SIGTERM/SIGINT
                return
            # rq leaves its loop on any error outside the wait for a job, e.g. Redis vanishing
            # while a job ran; only a stop we were asked for should end the process.
            log.warning("the rq loop ended without a stop request; starting it again in 1s")
            time.sleep(1)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            log.warning("Redis unavailable (%s); retrying in 1s", exc)
            time.sleep(1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="CivicLine rq worker")
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    parser.add_argument("--sweep-interval", type=float, default=SWEEP_INTERVAL)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Twilio's client logs every request and response, headers included, at INFO: ten lines per SMS.
    # Failures reach our own log through the outbound job.
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
    # Until rq installs its own handlers, a stop request (systemd, Ctrl-C) ends the start-up cleanly.
    stop_requested = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop_requested.set())
    runtime = install(bootstrap.build_runtime())
    for line in bootstrap.report_channels(runtime):
        log.info(line)
    warm_up(runtime)
    if stop_requested.is_set():
        log.info("asked to stop while starting; stopping")
        return
    stop = threading.Event()
    ticker = threading.Thread(target=run_ticker, args=(runtime, stop, args.sweep_interval), daemon=True)
    ticker.start()
    try:
        work(runtime, burst=args.burst)
    finally:
        stop.set()


if __name__ == "__main__":
    main()
    # Everything is stopped and written by now. The interpreter's own teardown would free jieba's dictionary
    # and the models object by object: seconds on a busy machine, eating into the 10 s a stop may take.
    logging.shutdown()
    sys.stdout.flush()
    os._exit(0)
