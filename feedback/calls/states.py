"""The moves of a live call and its offers: each one idempotent, none ever backwards.

Twilio's callbacks about one call come on several webhooks (the queue's
action, the Dial's action, the agent leg's status, the caller's final status),
may be repeated, and may arrive in any order. Every function here reads the
current state first and only moves it forward, so a duplicate or a late
callback changes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import redis
from sqlalchemy import event
from sqlalchemy.orm import Session as SaSession
from sqlmodel import Session, select

from core import live, queues
from core.clock import utcnow
from core.db import id_of
from core.runtime import current
from feedback.calls import recording as kept_recording
from feedback.calls.models import (
    ABANDONED,
    ANSWERED,
    AWAY,
    CONNECTED,
    DONE,
    ENDED,
    FAILED,
    LOST,
    MISSED,
    OFFER_RANK,
    OFFERED,
    QUEUED,
    RINGING,
    TALKING,
    AgentLine,
    CallOffer,
    LiveCall,
)

log = logging.getLogger(__name__)
MISSES_BEFORE_AWAY = 2
_DISPATCH_KEY = "civicline_calls_dispatch"
DISPATCH_JOB = "jobs.calls.dispatch"
# Twilio's CallStatus / DialCallStatus of an agent's leg, as an offer's state.
LEG_STATES = {
    "ringing": RINGING,
    "in-progress": CONNECTED,
    "answered": CONNECTED,
    "completed": DONE,
    "busy": MISSED,
    "no-answer": MISSED,
    "canceled": MISSED,
    "failed": FAILED,
}


def by_sid(session: Session, call_sid: str) -> LiveCall | None:
    return session.exec(select(LiveCall).where(LiveCall.call_sid == call_sid)).first()


def line_of(session: Session, user_id: int) -> AgentLine | None:
    return session.get(AgentLine, user_id)


def end(session: Session, call: LiveCall, outcome: str, now: datetime | None = None) -> None:
    """End a call that had not ended: close its open offer and free the agent it was offered to."""
    if call.state == ENDED:
        return
    now = now or utcnow()
    _close_open_offers(session, call, now)
    if call.state == TALKING and call.answered_at is not None and call.talk_seconds is None:
        # The caller's end came before the agent leg's: the talk lasted until now.
        call.talk_seconds = int((now - call.answered_at).total_seconds())
    call.state, call.outcome, call.ended_at = ENDED, outcome, now
    session.add(call)
    news(session, call, "ended")


def move_offer(
    session: Session, offer: CallOffer, status: str, seconds: int | None, recording: str | None
) -> str | None:
    """Apply one report on an agent's leg; return the queue the caller goes back to if the offer fell through."""
    call = session.get(LiveCall, offer.call_id)
    assert call is not None  # an offer belongs to a call
    if recording and call.recording_url is None:
        call.recording_url = recording
        session.add(call)
        kept_recording.keep(session, call)  # a call wrapped up while talking: the recording goes on its case
    target = LEG_STATES.get(status)
    if offer.state == CONNECTED and target in (MISSED, FAILED):
        target = DONE  # a talk that ended oddly still ended
    final = OFFER_RANK[offer.state] >= OFFER_RANK[DONE]
    if target is None or final or OFFER_RANK[target] <= OFFER_RANK[offer.state]:
        return call.queue if offer.state in (MISSED, FAILED) and call.state == QUEUED else None
    now = utcnow()
    if target == RINGING:
        _ringing(session, offer, call)
    elif target == CONNECTED:
        _connected(session, offer, call, now)
    elif target == DONE:
        _finished(session, offer, call, seconds, now)
    else:
        return _missed(session, offer, call, target, now)
    return None


def requeue(session: Session, offer: CallOffer, state: str = LOST) -> None:
    """Give up an offer that never rang (Twilio refused it, or the worker died): the caller waits on, unharmed."""
    if OFFER_RANK[offer.state] >= OFFER_RANK[MISSED]:
        return
    call = session.get(LiveCall, offer.call_id)
    assert call is not None
    now = utcnow()
    close(session, offer, state, now)
    if call.state == OFFERED:
        call.state, call.agent_id = QUEUED, None
        session.add(call)
    want_dispatch(session)


def want_dispatch(session: Session) -> None:
    """Ask for the dispatcher to run once this transaction commits."""
    session.info[_DISPATCH_KEY] = True


def request_dispatch() -> None:
    """Enqueue the dispatcher now (a lost request is made good by the periodic reconcile)."""
    try:
        current().queue(queues.SCHEDULED).enqueue(DISPATCH_JOB, job_timeout=120, result_ttl=0, failure_ttl=86400)
    except redis.RedisError as exc:
        log.warning("could not request a call dispatch (the periodic reconcile will): %s", exc)


@event.listens_for(SaSession, "after_commit")
def _dispatch_after_commit(session: SaSession) -> None:
    if session.info.pop(_DISPATCH_KEY, False):
        request_dispatch()


@event.listens_for(SaSession, "after_rollback")
def _forget_dispatch(session: SaSession) -> None:
    session.info.pop(_DISPATCH_KEY, None)


def _ringing(session: Session, offer: CallOffer, call: LiveCall) -> None:
    offer.state = RINGING
    session.add(offer)
    live.announce(session, topic="call", kind="ringing", user_id=offer.agent_id, call_id=id_of(call))


def _connected(session: Session, offer: CallOffer, call: LiveCall, now: datetime) -> None:
    if offer.state == OFFERED:
        _ringing(session, offer, call)  # the ringing report was lost: the agent still gets the screen pop
    offer.state = CONNECTED
    session.add(offer)
    call.state, call.agent_id, call.answered_at = TALKING, offer.agent_id, now
    session.add(call)
    line = line_of(session, offer.agent_id)
    if line is not None:
        line.misses = 0
        session.add(line)
    live.announce(session, topic="call", kind="connected", user_id=offer.agent_id, call_id=id_of(call))


def _finished(session: Session, offer: CallOffer, call: LiveCall, seconds: int | None, now: datetime) -> None:
    if offer.state != CONNECTED:  # answered, but the in-progress report was lost
        _connected(session, offer, call, now - timedelta(seconds=seconds or 0))
        call.answered_at = now - timedelta(seconds=seconds or 0)
    if seconds is not None:
        call.talk_seconds = seconds
    elif call.answered_at is not None:
        call.talk_seconds = int((now - call.answered_at).total_seconds())
    close(session, offer, DONE, now)
    if call.state != ENDED:
        call.state, call.outcome, call.ended_at = ENDED, ANSWERED, now
    session.add(call)
    news(session, call, "ended")


def _missed(session: Session, offer: CallOffer, call: LiveCall, state: str, now: datetime) -> str | None:
    close(session, offer, state, now)
    line = line_of(session, offer.agent_id)
    if line is not None:
        line.misses += 1
        if line.misses >= MISSES_BEFORE_AWAY:
            line.presence, line.changed_at = AWAY, now
            live.announce(session, topic="presence", kind="away", user_id=line.user_id)
        session.add(line)
    if call.state in (OFFERED, TALKING):
        call.state, call.agent_id = QUEUED, None
        session.add(call)
        want_dispatch(session)
    return call.queue if call.state == QUEUED else None


def close(session: Session, offer: CallOffer, state: str, now: datetime) -> None:
    offer.state, offer.closed_at = state, now
    session.add(offer)
    line = line_of(session, offer.agent_id)
    if line is not None and line.call_id == offer.call_id:
        line.call_id = None
        session.add(line)


def _close_open_offers(session: Session, call: LiveCall, now: datetime) -> None:
    for offer in session.exec(select(CallOffer).where(CallOffer.call_id == id_of(call))):
        if OFFER_RANK[offer.state] < OFFER_RANK[DONE]:
            close(session, offer, DONE if offer.state == CONNECTED else LOST, now)


def news(session: Session, call: LiveCall, kind: str) -> None:
    live.announce(session, topic="call", kind=kind, user_id=call.agent_id, call_id=id_of(call))


__all__ = ["ABANDONED", "by_sid", "end", "move_offer", "requeue", "want_dispatch"]
