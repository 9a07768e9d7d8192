"""Cold transfers: an agent sends the caller on to another queue (the next free agent of that queue answers) or
to a named available agent (whose phone rings at once).

Twilio is asked first (the caller leaves the agent's line for the other
queue); only then is the move recorded, on the agent's offer
(`transferred_to`), so a refused transfer leaves the talk as it was. The
caller keeps their arrival time, so they are first in the new queue.

A transfer to a named agent is claimed in the database first (the receiving
agent's line holds the call, by a conditional update), because Twilio's
callbacks for the new leg carry the new offer; if Twilio refuses, the claim is
undone and the caller stays with the first agent. If the receiving agent does
not answer, the caller goes back to the queue they came from (first in line).
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from channels.base import ChannelError
from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from core.runtime import Runtime
from feedback.calls import states
from feedback.calls.models import (
    AVAILABLE,
    CONNECTED,
    DONE,
    OFFERED,
    QUEUED,
    TALKING,
    AgentLine,
    CallOffer,
    LiveCall,
)
from feedback.calls.presence import QUEUE_NAME
from staff.models import User

AGENT_MARK = "@"  # transferred_to of a transfer to a named agent: "@" and their user name


class TransferRefusal(Refusal):
    """A transfer that cannot be made; the caller stays with the agent."""


def queues_served(session: Session) -> list[str]:
    """Return every queue some agent serves, for the transfer form."""
    names = {name for line in session.exec(select(AgentLine)) for name in line.serves()}
    return sorted(names)


def agents_free(session: Session, except_user: int | None) -> list[tuple[int, str]]:
    """Return the agents a call may be transferred to now (available, with a phone, on no call): (id, name)."""
    query = (
        select(User)
        .join(AgentLine, col(AgentLine.user_id) == col(User.id))
        .where(AgentLine.presence == AVAILABLE, col(AgentLine.phone).is_not(None), AgentLine.phone != "")
        .where(col(AgentLine.call_id).is_(None), col(User.active).is_(True))
        .order_by(col(User.username))
    )
    return [(id_of(user), user.display_name or user.username) for user in session.exec(query) if user.id != except_user]


def next_free(session: Session, queue: str, except_user: int | None) -> int | None:
    """Return the free agent serving a queue who has waited longest for a call (None when nobody is free)."""
    free = [session.get(AgentLine, agent_id) for agent_id, _name in agents_free(session, except_user)]
    serving = [line for line in free if line is not None and queue in line.serves()]
    serving.sort(key=lambda line: (line.last_offer_at is not None, line.last_offer_at))
    return serving[0].user_id if serving else None


def to_agent(runtime: Runtime, call_id: int, agent_id: int) -> str:
    """Ring a named available agent's phone for a talking caller (a cold transfer); return the agent's name."""
    with runtime.session() as session:
        call = talking(session, call_id)
        offer, phone, user = claim(session, call, agent_id)
        offer_id, call_sid, language = id_of(offer), call.call_sid, call.language
        name, username = user.display_name or user.username, user.username
    try:
        runtime.channels["voice"].connect(call_sid, offer_id, phone, language)
    except ChannelError as exc:
        with runtime.session() as session:
            undo_claim(session, offer_id, agent_id, call_id)
        raise TransferRefusal("Twilio did not move the call: %(reason)s", reason=str(exc)[:200]) from exc
    with runtime.session() as session:
        record(session, call_id, f"{AGENT_MARK}{username}"[:64], OFFERED)
    return name


def claim(session: Session, call: LiveCall, agent_id: int) -> tuple[CallOffer, str, User]:
    """Claim an available agent's line for a call (a conditional update: never two calls at once) and make
    the offer that rings them; return it, the phone to ring and the agent."""
    user = session.get(User, agent_id)
    line = session.get(AgentLine, agent_id)
    name = (user.display_name or user.username) if user is not None else ""
    if user is None or line is None or agent_id == call.agent_id:
        raise TransferRefusal("choose another agent")
    if not user.active or line.presence != AVAILABLE or not line.phone or line.call_id is not None:
        raise TransferRefusal("%(name)s is not available for a call", name=name)
    claimed = session.execute(
        update(AgentLine)
        .where(col(AgentLine.user_id) == agent_id, col(AgentLine.call_id).is_(None))
        .values(call_id=id_of(call), last_offer_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise TransferRefusal("%(name)s is not available for a call", name=name)
    offer = CallOffer(call_id=id_of(call), agent_id=agent_id)
    session.add(offer)
    session.flush()
    return offer, line.phone, user


def talking(session: Session, call_id: int) -> LiveCall:
    call = session.get(LiveCall, call_id)
    if call is None or call.state != TALKING:
        raise TransferRefusal("only a call in progress can be transferred")
    return call


def undo_claim(session: Session, offer_id: int, agent_id: int, call_id: int) -> None:
    offer = session.get(CallOffer, offer_id)
    if offer is not None:
        session.delete(offer)
    line = session.get(AgentLine, agent_id)
    if line is not None and line.call_id == call_id:
        line.call_id = None
        session.add(line)


def to_queue(runtime: Runtime, call_id: int, queue: str) -> None:
    """Move a talking caller to the back of another queue, through the Calls API, and record it."""
    if not QUEUE_NAME.fullmatch(queue):
        raise TransferRefusal("%(name)r is not a queue name", name=queue[:40])
    with runtime.read_session() as session:
        call = talking(session, call_id)
        call_sid, language = call.call_sid, call.language
    try:
        runtime.channels["voice"].transfer(call_sid, queue, language)
    except ChannelError as exc:
        raise TransferRefusal("Twilio did not move the call: %(reason)s", reason=str(exc)[:200]) from exc
    with runtime.session() as session:
        record(session, call_id, queue)


def record(session: Session, call_id: int, where: str, state: str = QUEUED) -> None:
    """Record that the agent holding the call sent it on (`where`): their offer is done and they are free."""
    call = session.get(LiveCall, call_id)
    assert call is not None
    offer = session.exec(
        select(CallOffer)
        .where(CallOffer.call_id == call_id, CallOffer.state == CONNECTED, CallOffer.agent_id == call.agent_id)
        .order_by(col(CallOffer.id))
    ).first()
    now = utcnow()
    if call.answered_at is not None:
        call.talk_seconds = int((now - call.answered_at).total_seconds())
    if offer is not None:
        offer.transferred_to = where
        states.close(session, offer, DONE, now)
    states.news(session, call, "transferred")
    call.state, call.agent_id = state, None
    if state == QUEUED:
        call.queue = where
        states.want_dispatch(session)
    session.add(call)
