"""Connect waiting callers to free agents: the longest-waiting call of a queue an available agent serves.

An offer is claimed in the database first (the call "offered", the agent's
line holding it, both by conditional updates so two workers never share one),
then the caller is redirected through the Calls API to ring the agent's
phone. If Twilio refuses, the offer is given up and the caller waits on; if
the worker dies in between, `reconcile` finds the offer that never rang and
puts the caller back in line. Agents without a phone are never offered calls.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from channels import intake
from channels.base import ChannelError, Contact
from channels.voice.receive import CALLBACK_REQUEST, KIND, LANGUAGE_FIELD
from core import queues, signals
from core.clock import utcnow
from core.db import id_of
from core.runtime import Runtime
from feedback.calls import conference, states, warm
from feedback.calls.models import (
    ABANDONED,
    AVAILABLE,
    CONNECTED,
    FAILED,
    MISSED,
    OFFERED,
    QUEUED,
    RINGING,
    TALKING,
    AgentLine,
    CallOffer,
    DutyCall,
    LiveCall,
)
from staff.models import User

log = logging.getLogger(__name__)
MAX_OFFERS_PER_RUN = 100
UNRUNG_GRACE = timedelta(seconds=15)  # past the ring time, an offer with no news from Twilio is presumed lost
OVERDUE_GRACE = timedelta(minutes=2)  # past the longest wait, a caller still "waiting" has surely left the queue
TALK_CHECK_AFTER = timedelta(minutes=5)  # a talk's end that was never reported is looked up after this long
OFFER_STATE_OF = states.LEG_STATES
GONE = ("completed", "canceled", "failed", "busy", "no-answer", "gone")


@dataclass(frozen=True)
class Offer:
    offer_id: int
    call_sid: str
    phone: str
    language: str


def claim(session: Session) -> Offer | None:
    """Claim the next offer: the longest-waiting call that a free, available agent with a phone serves."""
    agents = _free_agents(session)
    if not agents:
        return None
    waiting = select(LiveCall).where(LiveCall.state == QUEUED).order_by(col(LiveCall.arrived_at), col(LiveCall.id))
    for call in session.exec(waiting):
        missed_by = _last_missed_by(session, id_of(call))
        candidates = [a for a in agents if call.queue in a.serves() and a.user_id != missed_by]
        for agent in sorted(candidates, key=lambda a: (a.last_offer_at is not None, a.last_offer_at)):
            offer = _take(session, call, agent)
            if offer is not None:
                return offer
    return None


def dispatch(runtime: Runtime) -> int:
    """Offer waiting calls to free agents until none fits; return how many agents' phones were rung."""
    channel = runtime.channels["voice"]
    rung = 0
    for _ in range(MAX_OFFERS_PER_RUN):
        with runtime.session() as session:
            offer = claim(session)
        if offer is None:
            break
        if not _ring(runtime, channel, offer):
            break
        rung += 1
    return rung


def reconcile(runtime: Runtime) -> int:
    """Settle what Twilio never reported, asking the Calls API; return how many calls or offers were settled.

    An offer that never rang (a refused redirect, a dead worker) puts a caller still on the line back in the
    queue. A caller whose end was never reported (still "waiting" long after they must have left, or whose offer
    never rang) and whom Twilio reports gone is ended as abandoned, and put on the call-back worklist.
    """
    channel = runtime.channels["voice"]
    settled, gone = 0, []
    for offer_id, call_sid in _unrung(runtime):
        status = _status(channel, call_sid)
        with runtime.session() as session:
            offer = session.get(CallOffer, offer_id)
            if offer is None or offer.state != OFFERED:
                continue
            call = session.get(LiveCall, offer.call_id)
            assert call is not None
            if status in GONE:
                states.end(session, call, ABANDONED)  # the caller's end was never reported
                gone.append(call)
            else:
                states.requeue(session, offer)
            settled += 1
    for call_id, call_sid in _overdue(runtime):
        if _status(channel, call_sid) in GONE:
            with runtime.session() as session:
                call = session.get(LiveCall, call_id)
                if call is not None and call.state == QUEUED:
                    states.end(session, call, ABANDONED)
                    gone.append(call)
                    settled += 1
    settled += _follow_legs(runtime, channel)
    settled += _unhold_stranded(runtime)
    settled += _follow_duty_phones(runtime, channel)
    _ask_for_call_backs(runtime, gone)
    return settled


def _follow_duty_phones(runtime: Runtime, channel) -> int:
    """Read the duty phones whose news stopped from the Calls API (an open one blocks the next on that call)."""
    cutoff = utcnow() - timedelta(seconds=runtime.settings.call_ring_seconds) - UNRUNG_GRACE
    with runtime.read_session() as session:
        query = select(col(DutyCall.id), col(DutyCall.leg_sid)).where(
            col(DutyCall.leg_sid).is_not(None), col(DutyCall.state).in_(conference.OPEN), DutyCall.asked_at < cutoff
        )
        legs = list(session.exec(query.limit(MAX_OFFERS_PER_RUN)))
    moved = 0
    for duty_id, leg_sid in legs:
        try:
            status, seconds = channel.call_progress(leg_sid)
        except ChannelError:
            continue
        with runtime.session() as session:
            duty = session.get(DutyCall, duty_id)
            if duty is not None and status not in ("queued", "initiated", "gone"):
                before = duty.state
                conference.move(session, duty, status, "", seconds)
                moved += duty.state != before
    return moved


def _unhold_stranded(runtime: Runtime) -> int:
    """Bring back callers left on hold with nobody being consulted (the job that should have was lost)."""
    with runtime.read_session() as session:
        holding = session.exec(select(LiveCall.id).where(LiveCall.state == TALKING, col(LiveCall.holding).is_(True)))
        stranded = [call_id for call_id in holding if call_id and warm.consulting(session, call_id) is None]
    back = 0
    for call_id in stranded:
        try:
            back += warm.unhold(runtime, call_id)
        except ChannelError as exc:
            log.warning("could not bring held caller %s back (next run tries again): %s", call_id, exc)
    return back


def _follow_legs(runtime: Runtime, channel) -> int:
    """Read the agent legs whose news stopped (a ring past its time, a long talk) from the Calls API."""
    now = utcnow()
    ring_cutoff = now - timedelta(seconds=runtime.settings.call_ring_seconds) - UNRUNG_GRACE
    with runtime.read_session() as session:
        query = select(col(CallOffer.id), col(CallOffer.leg_sid)).where(col(CallOffer.leg_sid).is_not(None))
        # A consulted agent's phone (placed by the Calls API) is followed from its first moment, rung or not.
        consult_unrung = and_(col(CallOffer.consult).is_(True), col(CallOffer.state) == OFFERED)
        ringing = query.where(
            or_(col(CallOffer.state) == RINGING, consult_unrung), col(CallOffer.offered_at) < ring_cutoff
        )
        talking = query.where(CallOffer.state == CONNECTED, col(CallOffer.offered_at) < now - TALK_CHECK_AFTER)
        legs = list(session.exec(ringing.limit(MAX_OFFERS_PER_RUN))) + list(
            session.exec(talking.limit(MAX_OFFERS_PER_RUN))
        )
    moved = 0
    for offer_id, leg_sid in legs:
        try:
            status, seconds = channel.call_progress(leg_sid)
        except ChannelError:
            continue
        if status in ("queued", "initiated", "gone"):
            continue
        with runtime.session() as session:
            offer = session.get(CallOffer, offer_id)
            if offer is None or offer.state == OFFER_STATE_OF.get(status, offer.state):
                continue
            if offer.consult:
                warm.move_consult(session, offer, status)  # a caller left on hold comes back in `_unhold_stranded`
            else:
                states.move_offer(session, offer, status, seconds, None)
            moved += 1
    return moved


def _unrung(runtime: Runtime) -> list[tuple[int | None, str]]:
    cutoff = utcnow() - timedelta(seconds=runtime.settings.call_ring_seconds) - UNRUNG_GRACE
    with runtime.read_session() as session:
        stale = select(col(CallOffer.id), col(LiveCall.call_sid)).join(
            LiveCall, col(LiveCall.id) == col(CallOffer.call_id)
        )
        stale = stale.where(CallOffer.state == OFFERED, col(CallOffer.offered_at) < cutoff)
        return list(session.exec(stale.where(col(CallOffer.consult).is_(False))))  # consultations: `_follow_legs`


def _overdue(runtime: Runtime) -> list[tuple[int | None, str]]:
    cutoff = utcnow() - timedelta(seconds=runtime.settings.call_max_wait_seconds) - OVERDUE_GRACE
    with runtime.read_session() as session:
        query = select(col(LiveCall.id), col(LiveCall.call_sid)).where(
            LiveCall.state == QUEUED, LiveCall.arrived_at < cutoff
        )
        return list(session.exec(query.limit(MAX_OFFERS_PER_RUN)))


def _ask_for_call_backs(runtime: Runtime, calls: list[LiveCall]) -> None:
    """Store a call-back request for each caller who left unheard, as the hang-up webhook would have."""
    contacts = [
        Contact(KIND, call.urn, f"{call.call_sid}/{CALLBACK_REQUEST}", "",
                payload={"CallSid": call.call_sid, LANGUAGE_FIELD: call.language}, purpose=CALLBACK_REQUEST)
        for call in calls
        if call.urn
    ]  # fmt: skip
    if contacts:
        intake.store(runtime.engine, contacts)
        signals.request_drain(runtime.queue(queues.INBOUND), "jobs.inbound.drain")


def _ring(runtime: Runtime, channel, offer: Offer) -> bool:
    try:
        channel.connect(offer.call_sid, offer.offer_id, offer.phone, offer.language)
        return True
    except ChannelError as exc:
        with runtime.session() as session:
            claimed = session.get(CallOffer, offer.offer_id)
            if claimed is not None:
                states.requeue(session, claimed)
                if exc.permanent:  # Twilio says the caller's call is over
                    call = session.get(LiveCall, claimed.call_id)
                    assert call is not None
                    states.end(session, call, ABANDONED)
                else:
                    session.info.pop("civicline_calls_dispatch", None)  # Twilio is down: the reconcile tries again
        return exc.permanent


def _status(channel, call_sid: str) -> str:
    try:
        return channel.call_status(call_sid)
    except ChannelError:
        return "unknown"


def _free_agents(session: Session) -> list[AgentLine]:
    query = (
        select(AgentLine)
        .join(User, col(User.id) == col(AgentLine.user_id))
        .where(AgentLine.presence == AVAILABLE, col(AgentLine.phone).is_not(None), AgentLine.phone != "")
        .where(col(AgentLine.call_id).is_(None), col(User.active).is_(True))
    )
    return list(session.exec(query))


def _last_missed_by(session: Session, call_id: int) -> int | None:
    query = select(CallOffer.agent_id).where(CallOffer.call_id == call_id, col(CallOffer.state).in_((MISSED, FAILED)))
    return session.exec(query.order_by(col(CallOffer.id).desc())).first()


def _take(session: Session, call: LiveCall, agent: AgentLine) -> Offer | None:
    now = utcnow()
    took_call = session.execute(
        update(LiveCall).where(col(LiveCall.id) == call.id, col(LiveCall.state) == QUEUED).values(state=OFFERED)
    )
    if took_call.rowcount != 1:  # type: ignore[attr-defined]
        return None
    took_agent = session.execute(
        update(AgentLine)
        .where(col(AgentLine.user_id) == agent.user_id, col(AgentLine.call_id).is_(None))
        .values(call_id=call.id, last_offer_at=now)
    )
    if took_agent.rowcount != 1:  # type: ignore[attr-defined]
        session.execute(update(LiveCall).where(col(LiveCall.id) == call.id).values(state=QUEUED))
        return None
    offer = CallOffer(call_id=id_of(call), agent_id=agent.user_id, offered_at=now)
    session.add(offer)
    session.flush()
    assert agent.phone is not None
    return Offer(id_of(offer), call.call_sid, agent.phone, call.language)
