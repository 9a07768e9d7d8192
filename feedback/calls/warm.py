"""Warm transfers: the agent puts the caller on hold, talks to another agent first, then hands the caller over
or takes them back.

Rooms (<Conference>): the agent holding the call is in the call's talk room
and closes it when they leave; the caller waits alone in the hold room (nobody
starts it, so Twilio plays hold music); the consulted agent's phone is called
into the talk room. Handing over moves the consulted agent and the caller into
a room of their own, then hangs up the first agent; taking back (or the
consulted agent not answering, or hanging up) moves the caller into the talk
room again. Each step is recorded before or right after Twilio is asked, so a
step Twilio refuses leaves the call as it was and can be asked again.
"""

from __future__ import annotations

import logging

import redis
from sqlmodel import Session, col, select

from channels.base import ChannelError
from core import live, queues
from core.clock import utcnow
from core.db import id_of
from core.runtime import Runtime
from feedback.calls import conference, states, transfer
from feedback.calls.models import CONNECTED, DONE, FAILED, MISSED, OFFER_RANK, RINGING, TALKING, CallOffer, LiveCall
from feedback.calls.transfer import TransferRefusal
from staff.models import User

log = logging.getLogger(__name__)
HOLD_SUFFIX = "-hold"
UNHOLD_JOB = "jobs.calls.unhold"


def hold_room(room: str) -> str:
    """Name the room a caller waits in while their agent consults another."""
    return room + HOLD_SUFFIX


def consulting(session: Session, call_id: int) -> CallOffer | None:
    """Return the offer ringing or connecting the consulted agent, while it is open."""
    query = select(CallOffer).where(CallOffer.call_id == call_id, col(CallOffer.consult).is_(True))
    return next((o for o in session.exec(query) if OFFER_RANK[o.state] < OFFER_RANK[MISSED]), None)


def consult(runtime: Runtime, call_id: int, agent_id: int) -> str:
    """Put the caller on hold and ring an available agent to talk to first; return the agent's name."""
    with runtime.session() as session:
        call = transfer.talking(session, call_id)
        if call.holding:
            raise TransferRefusal("the caller is already on hold")
        leg_sid = conference.agent_leg(session, call)
        if leg_sid is None:
            raise TransferRefusal("your phone's leg of the call is not known yet; try again in a moment")
        offer, phone, user = transfer.claim(session, call, agent_id)
        offer.consult, first = True, call.conference is None
        call.conference, call.holding = call.conference or conference.room_name(call_id), True
        session.add_all([offer, call])
        offer_id, room, call_sid, language = id_of(offer), call.conference, call.call_sid, call.language
        name = user.display_name or user.username
    voice = runtime.channels["voice"]
    try:
        if first:  # the caller follows their agent's leg at the <Dial>'s action, into the hold room
            voice.conference(leg_sid, room)
        else:
            voice.caller_to(call_sid, hold_room(room), language, on_hold=True)
    except ChannelError as exc:
        with runtime.session() as session:
            _undo(session, call_id, offer_id, agent_id, first)
        raise TransferRefusal("Twilio did not move the call: %(reason)s", reason=str(exc)[:200]) from exc
    _ring(runtime, call_id, offer_id, room, phone, name)
    return name


def consult_queue(runtime: Runtime, call_id: int, queue: str) -> str:
    """Put the caller on hold and ring the next free agent of a queue to talk to first; return their name."""
    with runtime.read_session() as session:
        call = transfer.talking(session, call_id)
        agent_id = transfer.next_free(session, queue, call.agent_id)
    if agent_id is None:
        raise TransferRefusal("nobody serving queue %(queue)s is free now", queue=queue[:40])
    return consult(runtime, call_id, agent_id)


def _ring(runtime: Runtime, call_id: int, offer_id: int, room: str, phone: str, name: str) -> None:
    try:
        sid = runtime.channels["voice"].dial_agent(room, phone, offer_id)
    except ChannelError as exc:
        with runtime.session() as session:
            offer = session.get(CallOffer, offer_id)
            if offer is not None:
                states.close(session, offer, FAILED, utcnow())
        unhold(runtime, call_id)
        raise TransferRefusal(
            "%(name)s's phone could not be called (%(reason)s); the caller is back with you",
            name=name, reason=str(exc)[:200],
        ) from exc  # fmt: skip
    with runtime.session() as session:
        offer = session.get(CallOffer, offer_id)
        if offer is not None and offer.leg_sid is None:
            offer.leg_sid = sid
            session.add(offer)


def _undo(session: Session, call_id: int, offer_id: int, agent_id: int, first: bool) -> None:
    transfer.undo_claim(session, offer_id, agent_id, call_id)
    call = session.get(LiveCall, call_id)
    if call is not None:
        call.holding = False
        if first:
            call.conference = None
        session.add(call)


def complete(runtime: Runtime, call_id: int) -> str:
    """Hand the held caller over to the consulted agent, who has answered; the first agent's leg is hung up."""
    with runtime.read_session() as session:
        call, offer = _held(session, call_id)
        if offer is None or offer.state != CONNECTED or not offer.leg_sid:
            raise TransferRefusal("the other agent has not answered yet")
        first_leg = conference.agent_leg(session, call)
        their_leg, call_sid, language, offer_id = offer.leg_sid, call.call_sid, call.language, id_of(offer)
    room = f"{conference.room_name(call_id)}-{offer_id}"
    voice = runtime.channels["voice"]
    try:  # the consulted agent first (the talk room stays with the first agent), then the caller
        voice.conference(their_leg, room)
        voice.caller_to(call_sid, room, language)
    except ChannelError as exc:
        raise TransferRefusal("Twilio did not move the call: %(reason)s", reason=str(exc)[:200]) from exc
    with runtime.session() as session:
        name = _handed_over(session, call_id, offer_id, room)
    if first_leg:
        try:
            voice.hang_up(first_leg)
        except ChannelError as exc:  # the caller is with the other agent; the first one may simply hang up
            log.warning("could not hang up the first agent's leg of call %s: %s", call_id, exc)
    return name


def _handed_over(session: Session, call_id: int, offer_id: int, room: str) -> str:
    offer = session.get(CallOffer, offer_id)
    assert offer is not None
    receiver = offer.agent_id
    transfer.record(session, call_id, f"{transfer.AGENT_MARK}{_username(session, receiver)}"[:64], TALKING)
    call = session.get(LiveCall, call_id)
    assert call is not None
    offer.consult = False  # from now on its leg is the call's: its end ends the call
    call.agent_id, call.holding, call.conference = receiver, False, room
    session.add_all([offer, call])
    live.announce(session, topic="call", kind="connected", user_id=receiver, call_id=call_id)
    return _username(session, receiver)


def _username(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.username if user is not None else "?"


def cancel(runtime: Runtime, call_id: int) -> None:
    """Take the held caller back: the consulted agent's phone is hung up and the caller rejoins the first agent."""
    with runtime.read_session() as session:
        _call, offer = _held(session, call_id)
        their_leg = offer.leg_sid if offer is not None else None
    if their_leg:
        try:
            runtime.channels["voice"].hang_up(their_leg)
        except ChannelError as exc:
            raise TransferRefusal("Twilio did not end the other call: %(reason)s", reason=str(exc)[:200]) from exc
    with runtime.session() as session:
        offer = consulting(session, call_id)
        if offer is not None:
            states.close(session, offer, DONE if offer.state == CONNECTED else MISSED, utcnow())
    if not unhold(runtime, call_id):
        raise TransferRefusal("the caller is not on hold")


def _held(session: Session, call_id: int) -> tuple[LiveCall, CallOffer | None]:
    call = session.get(LiveCall, call_id)
    if call is None or call.state != TALKING or not call.holding:
        raise TransferRefusal("the caller is not on hold")
    return call, consulting(session, call_id)


def unhold(runtime: Runtime, call_id: int) -> bool:
    """Bring a held caller back to the agent holding the call; return False when they were not on hold."""
    with runtime.read_session() as session:
        call = session.get(LiveCall, call_id)
        if call is None or call.state != TALKING or not call.holding or call.conference is None:
            return False
        room, call_sid, language = call.conference, call.call_sid, call.language
    runtime.channels["voice"].caller_to(call_sid, room, language)
    with runtime.session() as session:
        call = session.get(LiveCall, call_id)
        if call is not None and call.holding:
            call.holding = False
            session.add(call)
            states.news(session, call, "unheld")
    return True


def move_consult(session: Session, offer: CallOffer, status: str) -> bool:
    """Apply a report on the consulted agent's leg; return True when the held caller must go back to their agent."""
    target = states.LEG_STATES.get(status)
    if target is None or OFFER_RANK[offer.state] >= OFFER_RANK[DONE] or OFFER_RANK[target] <= OFFER_RANK[offer.state]:
        return False
    call = session.get(LiveCall, offer.call_id)
    holder = call.agent_id if call is not None else None
    if target == RINGING:  # the screen pop for the consulted agent
        live.announce(session, topic="call", kind="ringing", user_id=offer.agent_id, call_id=offer.call_id)
    if target in (RINGING, CONNECTED):
        offer.state = target
        session.add(offer)
    else:
        states.close(session, offer, DONE if offer.state == CONNECTED else target, utcnow())
    live.announce(session, topic="call", kind=f"consult_{offer.state}", user_id=holder, call_id=offer.call_id)
    return target not in (RINGING, CONNECTED) and call is not None and call.holding


def request_unhold(runtime: Runtime, call_id: int) -> None:
    """Ask a worker to bring a held caller back (Twilio is not called from inside a webhook)."""
    try:
        runtime.queue(queues.SCHEDULED).enqueue(UNHOLD_JOB, call_id, job_timeout=60, result_ttl=0, failure_ttl=86400)
    except redis.RedisError as exc:
        log.warning("could not ask for held caller %s to come back (their agent can take them back): %s", call_id, exc)
