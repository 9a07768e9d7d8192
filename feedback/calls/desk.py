"""The voice channel's keeper of live calls (`channels.voice.queue.CallDesk`): each webhook's news, one transaction.

Every method is idempotent: Twilio retries webhooks and repeats callbacks.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.clock import utcnow
from core.runtime import Runtime
from feedback.calls import conference, states, warm
from feedback.calls import recording as kept_recording
from feedback.calls.models import (
    ABANDONED,
    AVAILABLE,
    CALLBACK,
    ENDED,
    MESSAGE,
    OFFERED,
    OVERFLOW,
    QUEUED,
    TALKING,
    AgentLine,
    CallOffer,
    DutyCall,
    LiveCall,
)
from staff.models import Department

DEFAULT_HANDLE_SECONDS = 180  # until a queue has answered calls to learn from
RECENT_CALLS = 50


class CallLine:
    """Live calls kept in this runtime's database."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime

    def join(self, call_sid: str, urn: str | None, language: str, queue: str) -> None:
        """Record a caller joining a queue (once per call: a retried webhook finds the row) and ask for an agent."""
        try:
            with self.runtime.session() as session:
                if states.by_sid(session, call_sid) is None:
                    call = LiveCall(call_sid=call_sid, urn=urn, language=language, queue=queue, arrived_at=utcnow())
                    session.add(call)
                    states.want_dispatch(session)
        except IntegrityError:
            pass  # the same webhook, retried at the same moment, stored it first

    def waiting(self, call_sid: str, waited: int, position: int) -> int | None:
        """Return the expected wait in seconds; None past CALL_MAX_WAIT_SECONDS (the caller is taken out)."""
        with self.runtime.session() as session:
            call = states.by_sid(session, call_sid)
            if waited >= self.runtime.settings.call_max_wait_seconds:
                if call is not None and call.state == QUEUED and call.wants is None:
                    call.wants = OVERFLOW
                    session.add(call)
                return None
            queue = call.queue if call is not None else self.runtime.settings.default_language
            return expected_wait(session, queue, position)

    def choose(self, call_sid: str, wants: str) -> None:
        with self.runtime.session() as session:
            call = states.by_sid(session, call_sid)
            if call is not None and call.state in (QUEUED, OFFERED):
                call.wants = wants
                session.add(call)

    def left(self, call_sid: str, result: str) -> str:
        """Apply Twilio's QueueResult: a hang-up is an abandoned call; a caller who left gets what they chose."""
        with self.runtime.session() as session:
            call = states.by_sid(session, call_sid)
            if call is None:
                return ""
            if result == "hangup":
                if call.state in (QUEUED, OFFERED):
                    states.end(session, call, ABANDONED)
                return ABANDONED if call.outcome == ABANDONED else ""
            if result == "leave":
                if call.state in (QUEUED, OFFERED):
                    states.end(session, call, call.wants if call.wants in (MESSAGE, CALLBACK) else OVERFLOW)
                return call.outcome if call.outcome in (MESSAGE, CALLBACK, OVERFLOW) else ""
            return ""

    def ended(self, call_sid: str) -> str | None:
        """The caller's call ended: a caller still in line abandoned it; a talk ends with it."""
        with self.runtime.session() as session:
            call = states.by_sid(session, call_sid)
            if call is None:
                return None
            if call.state in (QUEUED, OFFERED):
                states.end(session, call, ABANDONED)
            elif call.state == TALKING:
                states.end(session, call, "answered")
            return ABANDONED if call.outcome == ABANDONED else "handled"

    def departments(self, codes: list[str], language: str) -> dict[str, str]:
        """Return the names of the active departments among these codes, by code."""
        with self.runtime.read_session() as session:
            query = select(Department).where(col(Department.code).in_(codes), col(Department.active).is_(True))
            return {department.code: department.name(language) for department in session.exec(query)}

    def leg(self, offer_id: int, status: str, leg_sid: str, seconds: int | None, recording: str | None) -> str | None:
        with self.runtime.session() as session:
            offer = session.get(CallOffer, offer_id)
            if offer is None:
                return None
            if leg_sid and offer.leg_sid is None:
                offer.leg_sid = leg_sid
                session.add(offer)
            if not offer.consult:
                return states.move_offer(session, offer, status, seconds, recording)
            call_id, caller_back = offer.call_id, warm.move_consult(session, offer, status)
        if caller_back:  # the consulted agent did not answer or hung up: the caller goes back to their agent
            warm.request_unhold(self.runtime, call_id)
        return None

    def conference(self, call_sid: str, recording: str | None) -> tuple[str, bool] | None:
        """Return the room a talking caller follows their agent into, and whether it is the hold room (the
        recording so far is kept), else None."""
        with self.runtime.session() as session:
            call = states.by_sid(session, call_sid)
            if call is None or call.conference is None or call.state != TALKING:
                return None
            if recording and call.recording_url is None:
                call.recording_url = recording
                session.add(call)
                kept_recording.keep(session, call)
            return (warm.hold_room(call.conference), True) if call.holding else (call.conference, False)

    def duty(self, duty_id: int, status: str, leg_sid: str, seconds: int | None) -> None:
        with self.runtime.session() as session:
            duty = session.get(DutyCall, duty_id)
            if duty is not None:
                conference.move(session, duty, status, leg_sid, seconds)


def expected_wait(session: Session, queue: str, position: int) -> int:
    """Estimate a caller's wait: the callers ahead times the queue's recent handle time, shared by its agents."""
    talks = select(LiveCall.talk_seconds).where(
        LiveCall.queue == queue, LiveCall.state == ENDED, col(LiveCall.talk_seconds).is_not(None)
    )
    recent = [s for s in session.exec(talks.order_by(col(LiveCall.id).desc()).limit(RECENT_CALLS)) if s is not None]
    handle = sum(recent) / len(recent) if recent else DEFAULT_HANDLE_SECONDS
    lines = session.exec(select(AgentLine).where(AgentLine.presence == AVAILABLE))
    agents = sum(1 for line in lines if queue in line.serves())
    return int(position * handle / max(1, agents))
