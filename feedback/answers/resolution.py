"""Answer the citizen and resolve the case in one step (`feedback.answers.delivery` notes when it reached them)."""

from __future__ import annotations

from sqlmodel import Session

from channels.models import ANSWER, DELIVERED, SENT, Interaction
from core.clock import utcnow
from core.refusal import Refusal
from core.runtime import current
from feedback.answers import addresses
from feedback.answers.addresses import PUBLISHED
from feedback.answers.delivery import mark_delivered
from feedback.answers.outbox import queue_message
from feedback.cases import lifecycle
from feedback.cases.models import Case
from feedback.sla import timers
from feedback.surveys import satisfaction
from router.identity.models import Citizen

MAX_ANSWER_CHARS = 4000


class AnswerError(Refusal):
    """An answer that cannot be given; nothing was changed."""


def _opted_out(session: Session, case: Case) -> bool:
    """Tell whether the citizen said STOP / 退订: no survey then (the answer itself still goes)."""
    citizen = session.get(Citizen, case.citizen_id)
    return citizen is not None and citizen.opted_out_at is not None


def resolve_with_answer(session: Session, case: Case, text: str, actor: str) -> Interaction:
    """Queue the answer on the citizen's channel, resolve the case, and ask how satisfied they are."""
    text = text.strip()
    if not text:
        raise AnswerError("the answer to the citizen is empty")
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError("the answer is longer than %(limit)d characters", limit=MAX_ANSWER_CHARS)
    if "resolved" not in lifecycle.allowed(case.status):
        lifecycle.check(case, "resolved")  # raises with the allowed statuses
    lifecycle.check_assisting(session, case)
    published = (PUBLISHED, f"case:{case.reference}")
    channel, urn = addresses.answer_address(session, case, current().channels) or published
    answer = queue_message(session, urn, channel, text, ANSWER, case.citizen_id, case)
    if channel == PUBLISHED:
        # Only published: it reaches the filer in Open311 status_notes, which show it only for a public case.
        answer.status, answer.sent_at = (DELIVERED if case.public else SENT), utcnow()
        answer.delivered_at = answer.sent_at if case.public else None
    session.flush()
    lifecycle.transition(session, case, "resolved", actor, "answered the citizen", answer=answer)
    if channel == PUBLISHED and case.public:
        mark_delivered(session, answer)
    elif not _opted_out(session, case):
        satisfaction.ask(session, case, channel, urn)
    timers.want_outbound_drain(session)
    return answer
