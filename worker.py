"""The rq worker: `python worker.py` serves the inbound, outbound and scheduled queues.

It is a non-forking SimpleWorker: the engine, models and channel clients load
once per process instead of once per job. Beside the rq loop a ticker thread
runs the sweeper every few seconds, which is what makes a Redis outage or a
killed worker a delay rather than a loss. Run as many as the load needs.
"""

from __future__ import annotations

import argparse
import logging
import threading
import time

import redis
from rq import SimpleWorker

from core import bootstrap, queues
from core.runtime import Runtime, install
from jobs import sweeper

log = logging.getLogger("civicline.worker")
SWEEP_INTERVAL = 5.0
MAX_RECONNECT_WAIT = 5.0


def run_ticker(runtime: Runtime, stop: threading.Event, interval: float = SWEEP_INTERVAL) -> None:
    """Sweep until told to stop; a failed sweep is logged and tried again next tick."""
    while not stop.wait(interval):
        try:
            sweeper.sweep(runtime)
        except Exception:
            log.exception("sweep failed; retrying in %.0fs", interval)


def work(runtime: Runtime, burst: bool = False, with_scheduler: bool = False) -> None:
    """Run the rq loop, reconnecting when Redis goes away instead of exiting.

    rq's scheduler (for `enqueue_in`/`enqueue_at`) runs in a forked child that inherits this
    process's open database connections; if the worker is killed, the child keeps them open
    and PostgreSQL keeps the dead worker's transaction, and its row locks, alive. CivicLine
    needs no delayed rq jobs (retries are rows the sweeper finds), so it is off by default.
    """
    while True:
        try:
            worker = SimpleWorker([runtime.queue(name) for name in queues.QUEUE_NAMES], connection=runtime.redis)
            # rq backs off up to a minute between reconnects; after an outage we want the work done promptly.
            worker.max_connection_wait_time = MAX_RECONNECT_WAIT
            worker.work(burst=burst, with_scheduler=with_scheduler, logging_level="WARNING")
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
    parser.add_argument("--with-scheduler", action="store_true", help="also run rq's scheduler for delayed jobs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    runtime = install(bootstrap.build_runtime())
    for line in bootstrap.report_channels(runtime):
        log.info(line)
    stop = threading.Event()
    ticker = threading.Thread(target=run_ticker, args=(runtime, stop, args.sweep_interval), daemon=True)
    ticker.start()
    try:
        work(runtime, burst=args.burst, with_scheduler=args.with_scheduler)
    finally:
        stop.set()


if __name__ == "__main__":
    main()
