"""Live calls' jobs: connect waiting callers to free agents (on news), and reconcile what Twilio never reported."""

from __future__ import annotations

import logging

from core.runtime import current
from feedback.calls import dispatch as dispatcher
from feedback.calls import warm

log = logging.getLogger(__name__)


def dispatch() -> int:
    """Ring free agents for the longest-waiting callers; return how many phones were rung."""
    return dispatcher.dispatch(current())


def reconcile() -> int:
    """Put back in line callers whose offer never rang, then dispatch; return how many offers were given up."""
    runtime = current()
    given_up = dispatcher.reconcile(runtime)
    if given_up:
        log.info("reconciled %d offers that never rang", given_up)
    dispatcher.dispatch(runtime)
    return given_up


def unhold(call_id: int) -> bool:
    """Bring a caller on hold back to their agent (the agent they were to meet did not answer, or hung up)."""
    return warm.unhold(current(), call_id)
