"""The outreach queue's jobs: send notices in short slices at the allowed pace, and the periodic tick.

Notices have their own rq queue ("outreach"), and a drain gives its worker back
after SLICE_SECONDS, asking for another drain if work is left: a notice to
100,000 citizens never holds a worker that inbound contacts are waiting for. A drain also gives way as
soon as a job waits on the inbound or outbound queue (after at least one message, so a notice always
moves): a contact's acknowledgement never waits behind a notice's slice.
"""

from __future__ import annotations

import time

from core import queues, signals
from core.clock import utcnow
from core.runtime import Runtime, current
from feedback.outreach import campaigns, sending

SLICE_SECONDS = 2.0
BATCH_SIZE = 20
DRAIN = "jobs.outreach.drain"
GIVE_WAY_TO = (queues.INBOUND, queues.OUTBOUND)  # the queues whose jobs end a notice's slice early


def drain() -> int:
    """Send what is due for one slice; return how many recipients were settled (sent, refused or failed)."""
    runtime = current()
    signals.clear_request(runtime.redis, queues.OUTREACH)
    done, ends = 0, time.monotonic() + SLICE_SECONDS
    while time.monotonic() < ends and not (done and contacts_waiting(runtime)):
        claimed = sending.claim(runtime, BATCH_SIZE)
        if not claimed:
            break
        for index, item in enumerate(claimed):
            left = ends - time.monotonic()
            if left <= 0 or (done and contacts_waiting(runtime)):
                sending.release(runtime, claimed[index:])
                ends = 0.0
                break
            done += sending.send_one(runtime, item, left) != "waiting"
    sending.finish(runtime)
    if sending.waiting(runtime):
        request(runtime)
    return done


def contacts_waiting(runtime: Runtime) -> bool:
    """Tell whether an inbound contact or a reply is queued for a worker (then a notice's slice gives way)."""
    return any(runtime.queue(name).count for name in GIVE_WAY_TO)


def request(runtime: Runtime) -> bool:
    """Ask for a drain of the outreach queue (one waits at a time)."""
    return signals.request_drain(runtime.queue(queues.OUTREACH), DRAIN)


def tick() -> dict[str, int]:
    """Start scheduled notices whose time has come, settle sends cut short, and wake the drain (periodic)."""
    runtime = current()
    started = 0
    with runtime.session() as session:
        for campaign in campaigns.due(session, utcnow()):
            campaigns.begin(session, campaign)
            started += 1
    recovered = sending.recover(runtime)
    finished = sending.finish(runtime)
    if sending.waiting(runtime):
        request(runtime)
    return {"started": started, "recovered": recovered, "finished": finished}
