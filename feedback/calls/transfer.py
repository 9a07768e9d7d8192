"""Cold transfer: an agent sends the caller on to another queue; the next free agent of that queue answers.

Twilio is asked first (the caller leaves the agent's line for the other
queue); only then is the move recorded, on the agent's offer
(`transferred_to`), so a refused transfer leaves the talk as it was. The
caller keeps their arrival time, so they are first in the new queue.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from channels.base import ChannelError
from core.clock import utcnow
from core.refusal import Refusal
from core.runtime import Runtime
from feedback.calls import states
from feedback.calls.models import CONNECTED, DONE, QUEUED, TALKING, AgentLine, CallOffer, LiveCall
from feedback.calls.presence import QUEUE_NAME


class TransferRefusal(Refusal):
    """A transfer that cannot be made; the caller stays with the agent."""


def queues_served(session: Session) -> list[str]:
    """Return every queue some agent serves, for the transfer form."""
    names = {name for line in session.exec(select(AgentLine)) for name in line.serves()}
    return sorted(names)


def to_queue(runtime: Runtime, call_id: int, queue: str) -> None:
    """Move a talking caller to the back of another queue, through the Calls API, and record it."""
    if not QUEUE_NAME.fullmatch(queue):
        raise TransferRefusal("%(name)r is not a queue name", name=queue[:40])
    with runtime.read_session() as session:
        call = session.get(LiveCall, call_id)
        if call is None or call.state != TALKING:
            raise TransferRefusal("only a call in progress can be transferred")
        call_sid, language = call.call_sid, call.language
    try:
        runtime.channels["voice"].transfer(call_sid, queue, language)
    except ChannelError as exc:
        raise TransferRefusal("Twilio did not move the call: %(reason)s", reason=str(exc)[:200]) from exc
    with runtime.session() as session:
        _record(session, call_id, queue)


def _record(session: Session, call_id: int, queue: str) -> None:
    call = session.get(LiveCall, call_id)
    assert call is not None
    offer = session.exec(
        select(CallOffer).where(CallOffer.call_id == call_id, CallOffer.state == CONNECTED).order_by(col(CallOffer.id))
    ).first()
    now = utcnow()
    if call.answered_at is not None:
        call.talk_seconds = int((now - call.answered_at).total_seconds())
    if offer is not None:
        offer.transferred_to = queue
        states.close(session, offer, DONE, now)
    states.news(session, call, "transferred")
    call.state, call.queue, call.agent_id = QUEUED, queue, None
    session.add(call)
    states.want_dispatch(session)
