"""After a call: what the agent sees as the phone rings (the screen pop), and the wrap-up that files the call.

The wrap-up opens a new case, adds the call to an existing case of the same
caller, or records it as information only. A call filed on a case is an event
on its timeline (who answered, how long the caller waited and talked, whether
it was recorded). The time from the end of the call to the wrap-up counts in
the handle time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from channels.models import INBOUND, Interaction
from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from feedback.calls import conference, recording
from feedback.calls.models import (
    ANSWERED,
    DONE,
    ENDED,
    EXISTING_CASE,
    INFORMATION,
    NEW_CASE,
    TALKING,
    WRAPUPS,
    CallOffer,
    LiveCall,
)
from feedback.cases import assignment, events
from feedback.cases.models import Case
from feedback.cases.opening import open_case, open_cases_of
from feedback.cases.reference import normalise
from router import kinds
from router.decision import Decision
from router.identity.models import Citizen
from router.identity.recognise import find_citizen, resolve
from staff.models import Department, User

MAX_SUMMARY = 2000
LAST_CONTACTS = 5
PROCESSED = "processed"


class WrapUpRefusal(Refusal):
    """A wrap-up that cannot be filed as given; nothing was changed."""


@dataclass
class Screen:
    """What the agent sees about the caller."""

    call: LiveCall
    citizen: Citizen | None
    open_cases: list[Case] = field(default_factory=list)
    contacts: list[Interaction] = field(default_factory=list)


def screen(session: Session, call: LiveCall) -> Screen:
    """Return the caller's record, their open cases and their last contacts (nothing for a withheld number)."""
    citizen = find_citizen(session, call.urn) if call.urn else None
    if citizen is None:
        return Screen(call, None)
    recent = select(Interaction).where(Interaction.citizen_id == citizen.id, Interaction.direction == INBOUND)
    contacts = list(session.exec(recent.order_by(col(Interaction.created_at).desc()).limit(LAST_CONTACTS)))
    return Screen(call, citizen, open_cases_of(session, id_of(citizen)), contacts)


def wrap_up(
    session: Session, call: LiveCall, agent: User, what: str, summary: str, kind: str, department_id: int | None,
    reference: str = "",
) -> Case | None:  # fmt: skip
    """File an answered call; return the case it went on (None for information only)."""
    _check(session, call, what, summary, kind, department_id)
    case = None
    if what == NEW_CASE:
        assert department_id is not None
        case = _new_case(session, call, agent, summary.strip(), kind, department_id)
    elif what == EXISTING_CASE:
        case = _existing_case(session, call, reference)
    if case is not None:
        events.record(
            session, id_of(case), "live_call", actor=agent.username, answered_by=agent.display_name or agent.username,
            talk_seconds=call.talk_seconds, waited_seconds=waited(call), recorded=call.recording_url is not None,
            summary=summary.strip()[:MAX_SUMMARY], transfers=transfers(session, id_of(call)),
            duty_phones=conference.timeline(session, id_of(call)), consultations=consultations(session, id_of(call)),
        )  # fmt: skip
        call.case_id = case.id
        recording.keep(session, call)
    call.wrapup, call.wrapped_at, call.summary = what, utcnow(), summary.strip()[:MAX_SUMMARY] or None
    session.add(call)
    return case


def transfers(session: Session, call_id: int) -> list[str]:
    """Where the call was transferred, in order (a queue's name, "@" and a user name for a named agent)."""
    query = select(CallOffer.transferred_to).where(
        CallOffer.call_id == call_id, col(CallOffer.transferred_to).is_not(None)
    )
    return [str(where) for where in session.exec(query.order_by(col(CallOffer.id)))]


def consultations(session: Session, call_id: int) -> list[dict[str, str]]:
    """The agents consulted on hold who were not handed the caller: their name and whether they answered."""
    query = select(CallOffer, User).join(User, col(User.id) == col(CallOffer.agent_id))
    query = query.where(
        CallOffer.call_id == call_id, col(CallOffer.consult).is_(True), col(CallOffer.closed_at).is_not(None)
    )
    return [
        {"agent": user.username, "answered": "yes" if offer.state == DONE else "no"}
        for offer, user in session.exec(query.order_by(col(CallOffer.id)))
    ]


def waited(call: LiveCall) -> int:
    """Return how long the caller waited before an agent answered (or until they left)."""
    until = call.answered_at or call.ended_at or utcnow()
    return max(0, int((until - call.arrived_at).total_seconds()))


def handle_seconds(call: LiveCall) -> int | None:
    """Return talk time plus wrap-up time (from the end of the call to the wrap-up), once wrapped up."""
    if call.talk_seconds is None:
        return None
    after = 0
    if call.wrapped_at is not None and call.ended_at is not None:
        after = max(0, int((call.wrapped_at - call.ended_at).total_seconds()))
    return call.talk_seconds + after


def _check(session: Session, call: LiveCall, what: str, summary: str, kind: str, department_id: int | None) -> None:
    if call.wrapped_at is not None:
        raise WrapUpRefusal("this call is already wrapped up")
    if call.state != TALKING and not (call.state == ENDED and call.outcome == ANSWERED):
        raise WrapUpRefusal("only a call an agent answered can be wrapped up")
    if what not in WRAPUPS:
        raise WrapUpRefusal("choose a new case, an existing case, or information only")
    if len(summary) > MAX_SUMMARY:
        raise WrapUpRefusal("the summary is longer than %(limit)d characters", limit=MAX_SUMMARY)
    if what == NEW_CASE:
        if not summary.strip():
            raise WrapUpRefusal("write a summary for the new case")
        if kind not in kinds.KINDS:
            raise WrapUpRefusal("unknown kind %(kind)r", kind=kind[:40])
        department = session.get(Department, department_id) if department_id else None
        if department is None or not department.active:
            raise WrapUpRefusal("choose the department of the new case")
        if not call.urn:
            raise WrapUpRefusal("a case needs the caller's number, and this caller withheld it")


def _new_case(session: Session, call: LiveCall, agent: User, summary: str, kind: str, department_id: int) -> Case:
    assert call.urn is not None
    citizen, _created = resolve(session, call.urn, call.language)
    contact = Interaction(
        direction=INBOUND, channel=recording.CHANNEL, external_id=recording.contact_key(call), urn=call.urn,
        citizen_id=citizen.id, purpose=recording.PURPOSE, text=summary, payload={"CallSid": call.call_sid},
        status=PROCESSED, processed_at=utcnow(),
    )  # fmt: skip
    session.add(contact)
    session.flush()
    routing = Decision(department_id=department_id, confidence=1.0, rule="call wrap-up", kind=kind)
    case = open_case(session, citizen, contact, routing, call.language, summary=summary, actor=agent.username)
    contact.case_id = case.id
    session.add(contact)
    # The agent who answered has heard the caller: the case is theirs, not the router's to hand out.
    assignment.assign(session, case, agent, actor=agent.username, reason="answered the call")
    return case


def _existing_case(session: Session, call: LiveCall, reference: str) -> Case:
    case = session.exec(select(Case).where(Case.reference == normalise(reference.strip()))).first()
    citizen = find_citizen(session, call.urn) if call.urn else None
    if case is None or citizen is None or case.citizen_id != citizen.id:
        raise WrapUpRefusal("choose one of the caller's cases")
    return case


__all__ = ["EXISTING_CASE", "INFORMATION", "NEW_CASE", "Screen", "handle_seconds", "screen", "waited", "wrap_up"]
