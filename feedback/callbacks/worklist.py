"""The call-back worklist: requests oldest first, each try recorded, and an SMS when the tries run out.

A request is opened when a caller presses 2 or hangs up before speaking. An
agent calls, then records what happened: reached (the request is done), wrong
number (done, nothing sent), or no answer / busy with a time for the next
try. After CALLBACK_MAX_TRIES failed tries the citizen is sent an SMS saying
we could not reach them, and the request is closed. Every step is an event on
the case.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from core.runtime import current
from feedback import texts
from feedback.answers.outbox import queue_message
from feedback.callbacks.models import (
    FAILED,
    GAVE_UP,
    OUTCOMES,
    REACHED,
    WAITING,
    WRONG_NUMBER,
    CallbackAttempt,
    CallbackRequest,
)
from feedback.cases import events
from feedback.cases.models import Case
from feedback.sla import timers

MAX_NOTE = 1000
SMS_PURPOSE = "callback_missed"


class CallbackError(Refusal):
    """A try that cannot be recorded as given; nothing was changed."""


def open_request(session: Session, case: Case, urn: str, language: str) -> CallbackRequest:
    """Put the caller on the worklist (once per case while a request is waiting)."""
    waiting = session.exec(
        select(CallbackRequest).where(CallbackRequest.case_id == id_of(case), CallbackRequest.status == WAITING)
    ).first()
    if waiting is not None:
        return waiting
    request = CallbackRequest(case_id=id_of(case), citizen_id=case.citizen_id, urn=urn, language=language)
    session.add(request)
    session.flush()
    return request


def waiting_for(session: Session, case_id: int) -> CallbackRequest | None:
    """Return the case's call-back request still waiting, if any."""
    query = select(CallbackRequest).where(CallbackRequest.case_id == case_id, CallbackRequest.status == WAITING)
    return session.exec(query).first()


def waiting_query():
    """Select (request, case) for every waiting request, oldest first; callers narrow it to what staff may see."""
    return (
        select(CallbackRequest, Case)
        .join(Case, col(Case.id) == col(CallbackRequest.case_id))
        .where(CallbackRequest.status == WAITING)
        .order_by(col(CallbackRequest.requested_at), col(CallbackRequest.id))
    )


def earlier_cases(session: Session, citizen_id: int, but: int, limit: int = 5) -> list[Case]:
    """Return the citizen's other cases, newest first, so the agent knows who they are calling."""
    query = select(Case).where(Case.citizen_id == citizen_id, col(Case.id) != but)
    return list(session.exec(query.order_by(col(Case.opened_at).desc()).limit(limit)))


def record_attempt(
    session: Session, request: CallbackRequest, outcome: str, next_try_at: datetime | None, note: str, actor: str
) -> str:
    """Record one call and what came of it; return the request's status afterwards."""
    if request.status != WAITING:
        raise CallbackError("this call-back request is already closed")
    if outcome not in OUTCOMES:
        raise CallbackError("unknown outcome %(outcome)r", outcome=outcome)
    if len(note) > MAX_NOTE:
        raise CallbackError("the note is longer than %(limit)d characters", limit=MAX_NOTE)
    now = utcnow()
    if outcome in FAILED and next_try_at is not None and next_try_at <= now:
        raise CallbackError("the next try must be later than now")
    request.tries += 1
    session.add(CallbackAttempt(request_id=id_of(request), outcome=outcome, by=actor, note=note.strip() or None,
                                called_at=now, next_try_at=next_try_at if outcome in FAILED else None))  # fmt: skip
    case = session.get(Case, request.case_id)
    assert case is not None  # a request belongs to a case
    events.record(session, id_of(case), "callback_attempt", actor=actor, outcome=outcome, attempt=request.tries,
                  note=note.strip())  # fmt: skip
    if outcome in (REACHED, WRONG_NUMBER):
        _close(session, request, case, outcome, now, actor)
    elif request.tries >= current().settings.callback_max_tries:
        _give_up(session, request, case, now)
    else:
        request.next_try_at = next_try_at
    session.add(request)
    return request.status


def _close(session: Session, request: CallbackRequest, case: Case, status: str, now: datetime, actor: str) -> None:
    request.status, request.closed_at, request.next_try_at = status, now, None
    if case.callback_requested:
        case.callback_requested = False
        case.updated_at = now
        session.add(case)
    events.record(session, id_of(case), "callback_closed", actor=actor, outcome=status, tries=request.tries)


def _give_up(session: Session, request: CallbackRequest, case: Case, now: datetime) -> None:
    hotline = current().settings.hotline_name
    text = texts.render("callback_missed", request.language, hotline=hotline, reference=case.reference)
    queue_message(session, request.urn, "sms", text, SMS_PURPOSE, request.citizen_id, case)
    timers.want_outbound_drain(session)
    _close(session, request, case, GAVE_UP, now, "system")
