"""Answer the citizen and resolve the case in one step; note when the answer actually reached them."""

from __future__ import annotations

from sqlmodel import Session, col, select

from channels.models import DELIVERED, INBOUND, Interaction
from core.clock import utcnow
from core.refusal import Refusal
from feedback import events, lifecycle, surveys, timers
from feedback.models import Case
from feedback.replies import queue_message
from router.models import Identity

MAX_ANSWER_CHARS = 4000
# Where to answer a citizen who reached us without a channel we can write back on (e.g. an Open311 portal).
CHANNEL_OF_SCHEME = {"tel": "sms", "telegram": "telegram", "mailto": "email"}
PUBLISHED = "open311"  # the answer is only published (Open311 status_notes), not sent


class AnswerError(Refusal):
    """An answer that cannot be given; nothing was changed."""


def resolve_with_answer(session: Session, case: Case, text: str, actor: str) -> Interaction:
    """Queue the answer on the citizen's channel, resolve the case, and ask how satisfied they are."""
    text = text.strip()
    if not text:
        raise AnswerError("the answer to the citizen is empty")
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError("the answer is longer than %(limit)d characters", limit=MAX_ANSWER_CHARS)
    if "resolved" not in lifecycle.allowed(case.status):
        lifecycle.check(case, "resolved")  # raises with the allowed statuses
    channel, urn = reply_address(session, case)
    answer = queue_message(session, urn, channel, text, "answer", case.citizen_id, case)
    if channel == PUBLISHED:
        answer.status, answer.sent_at = DELIVERED, utcnow()
    session.flush()
    lifecycle.transition(session, case, "resolved", actor, "answered the citizen", answer=answer)
    if channel == PUBLISHED:
        mark_delivered(session, answer)
    else:
        surveys.ask(session, case, channel, urn)
    timers.want_outbound_drain(session)
    return answer


def reply_address(session: Session, case: Case) -> tuple[str, str]:
    """Return (channel, URN) of the citizen's latest contact on this case, else an address we know for them."""
    latest = session.exec(
        select(Interaction)
        .where(Interaction.case_id == case.id, Interaction.direction == INBOUND)
        .where(col(Interaction.channel) != PUBLISHED)
        .order_by(col(Interaction.created_at).desc(), col(Interaction.id).desc())
    ).first()
    if latest is not None:
        from channels.registry import reply_channel  # the registry imports channels that import this module

        return reply_channel(latest.channel), latest.urn
    for identity in session.exec(select(Identity).where(Identity.citizen_id == case.citizen_id)):
        if identity.scheme in CHANNEL_OF_SCHEME:
            return CHANNEL_OF_SCHEME[identity.scheme], identity.urn
    return PUBLISHED, f"case:{case.reference}"


def mark_delivered(session: Session, message: Interaction) -> None:
    """Record on the case that its answer reached the citizen (called when the provider confirms delivery)."""
    case = session.get(Case, message.case_id) if message.case_id else None
    if case is None or message.purpose != "answer":
        return
    latest = session.exec(
        select(Interaction.id)
        .where(Interaction.case_id == case.id, Interaction.purpose == "answer")
        .order_by(col(Interaction.id).desc())
    ).first()
    if case.status not in ("resolved", "closed") or latest != message.id:
        return  # an answer to an earlier round of a reopened case
    case.answered_at = message.delivered_at or utcnow()
    session.add(case)
    events.record(session, case.id, "answer_delivered", interaction_id=message.id, channel=message.channel)
