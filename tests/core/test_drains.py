"""Drain jobs: one inbound drain at a time on SQLite, and a busy drain hands over so replies get their turn."""

from __future__ import annotations

from core import queues, signals


def test_a_second_exclusive_drain_ends_at_once_and_the_mark_goes_with_the_first(runtime):
    queue = runtime.queue(queues.INBOUND)
    seen_by_second: list[int] = []

    def first_batch() -> int:
        if not seen_by_second:  # while the first drain works, a second drain job of the same queue starts
            seen_by_second.append(
                signals.drain_until_idle(queue, "jobs.inbound.drain", lambda: 1 / 0, max_seconds=60, exclusive=True)
            )
        return 0

    assert signals.drain_until_idle(queue, "jobs.inbound.drain", first_batch, exclusive=True) == 0
    assert seen_by_second == [0]  # it ended without running its batch (which would have raised)
    assert not runtime.redis.exists("civicline:drain-running:inbound")

    calls: list[int] = []
    signals.drain_until_idle(queue, "jobs.inbound.drain", lambda: calls.append(1) or 0, exclusive=True)
    assert calls  # with the first gone, the next drain works again


def test_a_drain_still_busy_after_its_time_asks_for_another_job_and_returns(runtime):
    queue = runtime.queue(queues.OUTBOUND)
    queue.empty()
    batches: list[int] = []

    def busy() -> int:
        batches.append(1)
        return 5  # there is always more

    assert signals.drain_until_idle(queue, "jobs.outbound.drain", busy, max_seconds=0.05) == 5 * len(batches)
    assert [job.func_name for job in queue.get_jobs()] == ["jobs.outbound.drain"]
