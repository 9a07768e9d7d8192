"""On the embedded default nothing else restarts Redis: `serve`'s watchdog does, with a log line, and queued work
goes on being done."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

import redis
from rq import Queue, SimpleWorker

from core import redis_server


def _kill(data_dir) -> None:
    pid = int((data_dir / "redis.pid").read_text().strip())
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while redis_server.is_running(data_dir):
        assert time.monotonic() < deadline, "redis-server did not die"
        time.sleep(0.05)


def test_a_killed_embedded_redis_is_restarted_with_a_log_line_and_work_continues(tmp_path, caplog):
    data_dir = tmp_path / "instance"
    url = redis_server.ensure_embedded(data_dir)
    stop = threading.Event()
    watchdog = threading.Thread(target=redis_server.watch, args=(data_dir, stop, 0.1), daemon=True)
    try:
        with caplog.at_level(logging.WARNING, logger="core.redis_server"):
            watchdog.start()
            connection = redis.Redis.from_url(url)
            queue = Queue("scheduled", connection=connection)
            queue.enqueue("core.clock.utcnow", job_id="before")
            _kill(data_dir)

            deadline = time.monotonic() + 10
            while not redis_server.is_running(data_dir):
                assert time.monotonic() < deadline, "the watchdog did not restart Redis"
                time.sleep(0.1)
        assert any("restarting it" in record.getMessage() for record in caplog.records)

        job = Queue("scheduled", connection=redis.Redis.from_url(url)).enqueue("core.clock.utcnow", job_id="after")
        SimpleWorker([Queue("scheduled", connection=job.connection)], connection=job.connection).work(burst=True)
        assert job.get_status(refresh=True) == "finished"  # the restarted Redis takes and runs work
    finally:
        stop.set()
        watchdog.join(timeout=5)
        redis_server.stop_embedded(data_dir)
