"""The rq worker (worker.py): how it stops."""

from __future__ import annotations

import signal
import time

import pytest
from redis.client import PubSub

import worker
from tests.helpers import worker as worker_helpers
from tests.helpers.processes import WorkerProcesses, wait_until, worker_environment

LISTENER_SLEEP = 5.0  # rq's listener waits 60 s; shortened so that the test stays bounded without the fix


@pytest.fixture
def listener_reads_the_unsubscribe_first(monkeypatch):
    """Make rq's command listener thread win the race that once stalled a test's `work()` for a minute.

    The thread gets the reply to the worker's UNSUBSCRIBE before anything else happens in the
    worker, as it sometimes does on a busy machine.
    """
    run_in_thread, unsubscribe = PubSub.run_in_thread, PubSub.unsubscribe

    def short_sleep(self, sleep_time=0.0, **kwargs):
        return run_in_thread(self, sleep_time=min(sleep_time, LISTENER_SLEEP), **kwargs)

    def then_let_the_listener_run(self, *args):
        result = unsubscribe(self, *args)
        deadline = time.monotonic() + 2
        while self.subscribed and time.monotonic() < deadline:  # until the thread has handled the reply
            time.sleep(0.001)
        time.sleep(0.2)  # and gone round its loop
        return result

    monkeypatch.setattr(PubSub, "run_in_thread", short_sleep)
    monkeypatch.setattr(PubSub, "unsubscribe", then_let_the_listener_run)


def _worker_burst(runtime) -> None:
    worker.work(runtime, burst=True)


@pytest.mark.parametrize("work", [worker_helpers.work, _worker_burst], ids=["tests-work", "worker-py"])
def test_a_worker_stops_at_once_when_its_command_listener_reads_the_unsubscribe_first(
    runtime, listener_reads_the_unsubscribe_first, work
):
    started = time.monotonic()
    work(runtime)
    assert time.monotonic() - started < LISTENER_SLEEP / 2


@pytest.fixture
def worker_process(runtime, tmp_path):
    workers = WorkerProcesses(worker_environment(runtime.settings, runtime.settings.redis_url), tmp_path)
    yield workers
    workers.stop_all()


def _stopped_within(process, seconds: float) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(seconds + 5)
    return time.monotonic() - started


def test_an_idle_worker_exits_within_a_second_or_two_of_sigterm(runtime, worker_process):
    process = worker_process.start()
    worker_process.wait_ready(runtime.redis)
    time.sleep(0.5)  # its command listener and ticker are running
    assert _stopped_within(process, 10) < 2 and process.returncode == 0


def test_a_worker_with_a_long_job_hands_it_back_and_exits_within_10_seconds_of_sigterm(runtime, worker_process):
    process = worker_process.start()
    worker_process.wait_ready(runtime.redis)
    job = runtime.queue("scheduled").enqueue("time.sleep", 120, job_timeout=300)
    wait_until(lambda: job.get_status(refresh=True) == "started", 20, 0.05, "the job to start")
    assert _stopped_within(process, 10) < 10
    assert job.get_status(refresh=True) != "finished"  # stopped, not waited for
    assert "stopping it; the sweepers redo its work" in worker_process.logs()
