"""Three-way calls (三方通话): an agent brings a department's duty phone into a call they are talking on.

The agent's leg of the caller's <Dial> is moved into a <Conference> room
through the Calls API; Twilio then ends the caller's <Dial>, and its action
puts the caller in the same room (`channels.voice.queue.Line.dialed`). The duty
phone is called into the room with the Calls API. The room and the duty call
are written to the database before Twilio is asked, so the callbacks that
follow find them; if Twilio refuses to move the agent, both are undone and the
caller and agent talk on as before. A duty phone that is not answered leaves
the caller and agent talking in the room, and the agent is told.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from channels.base import ChannelError
from core import live
from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from core.runtime import Runtime
from feedback.calls.models import (
    CONNECTED,
    DUTY_RANK,
    FAILED,
    JOINED,
    LEFT,
    RINGING,
    TALKING,
    UNANSWERED,
    CallOffer,
    DutyCall,
    LiveCall,
)
from feedback.cases import events
from staff.models import Department, User

ROOM_PREFIX = "civicline-call-"
# Twilio's CallStatus of the duty phone's call, as a duty call's state ("initiated", "queued": no news yet).
DUTY_STATES = {
    "ringing": RINGING,
    "in-progress": JOINED,
    "answered": JOINED,
    "completed": LEFT,
    "busy": UNANSWERED,
    "no-answer": UNANSWERED,
    "canceled": UNANSWERED,
    "failed": FAILED,
}
OPEN = [state for state, rank in DUTY_RANK.items() if rank < DUTY_RANK[LEFT]]  # a duty phone still on its way


class ConferenceRefusal(Refusal):
    """A duty phone that cannot be brought into the call; the caller stays with the agent."""


def duty_departments(session: Session) -> list[Department]:
    """Return the active departments that have a duty phone, for the call page."""
    query = select(Department).where(col(Department.active).is_(True), col(Department.duty_phone).is_not(None))
    return [department for department in session.exec(query.order_by(col(Department.id))) if department.duty_phone]


def history(session: Session, call_id: int) -> list[tuple[DutyCall, Department | None]]:
    """Return the duty phones brought into a call, oldest first, with their departments."""
    query = select(DutyCall).where(DutyCall.call_id == call_id).order_by(col(DutyCall.id))
    return [(duty, session.get(Department, duty.department_id)) for duty in session.exec(query)]


def bring_in(runtime: Runtime, call_id: int, department_id: int, agent_id: int, language: str = "zh") -> str:
    """Call a department's duty phone into a talking call (moving caller and agent into a conference first).

    Return the department's name in `language`.
    """
    with runtime.session() as session:
        call, department, leg_sid = _check(session, call_id, department_id, language)
        first = call.conference is None
        call.conference = call.conference or room_name(call_id)
        phone = department.duty_phone or ""  # _check refused a department without one
        duty = DutyCall(call_id=call_id, department_id=department_id, phone=phone, asked_by=agent_id)
        session.add_all([call, duty])
        session.flush()
        duty_id, room, name = id_of(duty), call.conference, department.name(language)
    voice = runtime.channels["voice"]
    if first:
        try:
            voice.conference(leg_sid, room)
        except ChannelError as exc:
            with runtime.session() as session:
                _undo(session, call_id, duty_id)
            raise ConferenceRefusal("Twilio did not move the call: %(reason)s", reason=str(exc)[:200]) from exc
    try:
        sid = voice.dial_duty(room, phone, duty_id)
    except ChannelError as exc:
        with runtime.session() as session:
            _failed(session, duty_id, str(exc)[:200])
        raise ConferenceRefusal(
            "the duty phone could not be called (%(reason)s); the caller is still with you", reason=str(exc)[:200]
        ) from exc
    with runtime.session() as session:
        placed = session.get(DutyCall, duty_id)
        if placed is not None and placed.leg_sid is None:
            placed.leg_sid = sid
            session.add(placed)
    return name


def _check(session: Session, call_id: int, department_id: int, language: str) -> tuple[LiveCall, Department, str]:
    call = session.get(LiveCall, call_id)
    if call is None or call.state != TALKING:
        raise ConferenceRefusal("only a call in progress can take in a duty phone")
    department = session.get(Department, department_id)
    if department is None or not department.active:
        raise ConferenceRefusal("choose the department whose duty phone to call")
    if not department.duty_phone:
        raise ConferenceRefusal("%(name)s has no duty phone", name=department.name(language))
    calling = select(DutyCall.id).where(DutyCall.call_id == call_id, col(DutyCall.state).in_(OPEN))
    if session.exec(calling).first() is not None:
        raise ConferenceRefusal("a duty phone is already on this call")
    leg_sid = agent_leg(session, call)
    if leg_sid is None:
        raise ConferenceRefusal("your phone's leg of the call is not known yet; try again in a moment")
    return call, department, leg_sid


def agent_leg(session: Session, call: LiveCall) -> str | None:
    """Return the CallSid of the leg of the agent holding the call, once Twilio has reported it."""
    offer = session.exec(
        select(CallOffer).where(
            CallOffer.call_id == id_of(call), CallOffer.agent_id == call.agent_id, CallOffer.state == CONNECTED
        )
    ).first()
    return offer.leg_sid if offer is not None and offer.leg_sid else None


def room_name(call_id: int) -> str:
    """Name the conference room of a call (Twilio's FriendlyName; unique while the call lasts)."""
    return f"{ROOM_PREFIX}{call_id}"


def _undo(session: Session, call_id: int, duty_id: int) -> None:
    duty = session.get(DutyCall, duty_id)
    if duty is not None:
        session.delete(duty)
    call = session.get(LiveCall, call_id)
    if call is not None:
        call.conference = None
        session.add(call)


def _failed(session: Session, duty_id: int, reason: str) -> None:
    duty = session.get(DutyCall, duty_id)
    if duty is not None:
        duty.state, duty.reason, duty.ended_at = FAILED, reason, utcnow()
        session.add(duty)


def move(session: Session, duty: DutyCall, status: str, leg_sid: str, seconds: int | None) -> None:
    """Apply one status callback of the duty phone's call; a repeated or late one changes nothing."""
    if leg_sid and duty.leg_sid is None:
        duty.leg_sid = leg_sid
    target = DUTY_STATES.get(status)
    if target is None or DUTY_RANK[target] <= DUTY_RANK[duty.state]:
        session.add(duty)
        return
    now = utcnow()
    if target == JOINED or (target == LEFT and duty.joined_at is None):
        duty.joined_at = now - timedelta(seconds=seconds or 0) if target == LEFT else now
    if target in (LEFT, UNANSWERED, FAILED):
        _ended(duty, target, seconds, now)
    duty.state = target
    session.add(duty)
    if target in (LEFT, UNANSWERED, FAILED):
        _on_case(session, duty)
    # The agent's call page follows: ringing, joined, left, and a duty phone that did not answer.
    live.announce(session, topic="call", kind=f"duty_{target}", user_id=duty.asked_by, call_id=duty.call_id)


def _ended(duty: DutyCall, state: str, seconds: int | None, now: datetime) -> None:
    duty.ended_at = now
    if state == LEFT:
        joined = duty.joined_at or now
        duty.talk_seconds = seconds if seconds is not None else int((now - joined).total_seconds())
    elif state == UNANSWERED:
        duty.reason = "no answer"


def _on_case(session: Session, duty: DutyCall) -> None:
    """A call already filed on a case (wrapped up while talking) gets the duty phone's outcome on its timeline."""
    call = session.get(LiveCall, duty.call_id)
    if call is None or call.case_id is None:
        return
    asked = session.get(User, duty.asked_by)
    department = session.get(Department, duty.department_id)
    events.record(
        session, call.case_id, "live_call_duty", actor=asked.username if asked else "system",
        department=department.name_zh if department else "", department_en=department.name_en if department else "",
        state=duty.state, talk_seconds=duty.talk_seconds,
    )  # fmt: skip


def timeline(session: Session, call_id: int) -> list[dict[str, object]]:
    """Return the duty phones of a call as the wrap-up's timeline entry carries them."""
    return [_entry(duty, department) for duty, department in history(session, call_id)]


def _entry(duty: DutyCall, department: Department | None) -> dict[str, object]:
    return {
        "department": department.name_zh if department else "",
        "department_en": department.name_en if department else "",
        "state": duty.state,
        "talk_seconds": duty.talk_seconds,
    }
