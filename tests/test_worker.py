"""The rq worker (worker.py): how it stops."""

from __future__ import annotations

import time

import pytest
from redis.client import PubSub

import worker
from tests.helpers import worker as worker_helpers

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
