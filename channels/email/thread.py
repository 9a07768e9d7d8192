"""Keep a citizen's mail and our answers in one thread: the case tag in subjects, and the ids a reply cites."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from channels.base import OutboundMessage
from channels.email.texts import TEXTS
from channels.models import INBOUND, Interaction

KIND = "email"
MAX_REFERENCES = 20  # enough for any mail client to thread; keeps the header short
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|sv|回复|答复|转发)\s*[:：]\s*)+", re.IGNORECASE)
_CASE_TAG = re.compile(r"\[[^\]]{1,40}\]\s*(工单|Case)\s*\d{9}", re.IGNORECASE)


def case_tag(hotline: str, reference: str, language: str) -> str:
    """Return the subject tag that names a case, e.g. '[12345] 工单 123456789' or '[12345] Case 123456789'."""
    return TEXTS.say("case_tag", language, hotline=hotline, reference=reference)


def clean_subject(subject: str) -> str:
    """Drop reply/forward prefixes and our case tag, leaving what the citizen wrote."""
    without_tag = _CASE_TAG.sub(" ", subject)
    return " ".join(_REPLY_PREFIX.sub("", without_tag).split())


@dataclass(frozen=True)
class OutboundThread:
    """What an answer needs to land in the citizen's thread."""

    reference: str | None
    language: str
    purpose: str
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str


def outbound_thread(engine: Engine, message: OutboundMessage) -> OutboundThread:
    """Look up the earlier mail an outbound message answers (its case's, or else its address's)."""
    with Session(engine) as session:
        row = session.get(Interaction, message.interaction_id)
        earlier = _earlier_mail(session, row) if row is not None else []
    inbound = [m for m in earlier if m.direction == INBOUND]
    parent = inbound[-1] if inbound else (earlier[-1] if earlier else None)
    return OutboundThread(
        reference=message.reference,
        language=message.language,
        purpose=message.purpose,
        in_reply_to=parent.external_id if parent else None,
        references=tuple(m.external_id for m in earlier[-MAX_REFERENCES:] if m.external_id),
        subject=clean_subject(str(inbound[-1].payload.get("subject", ""))) if inbound else "",
    )


def _earlier_mail(session: Session, row: Interaction) -> list[Interaction]:
    query = select(Interaction).where(
        Interaction.channel == KIND,
        col(Interaction.id) < row.id,
        col(Interaction.external_id).is_not(None),
    )
    query = query.where(Interaction.case_id == row.case_id) if row.case_id else query.where(Interaction.urn == row.urn)
    return list(session.exec(query.order_by(col(Interaction.id))))


def reply_subject(hotline: str, thread: OutboundThread) -> str:
    """Return the subject of an answer: the citizen's subject as a reply, tagged with the case reference."""
    tag = case_tag(hotline, thread.reference, thread.language) if thread.reference else f"[{hotline}]"
    return f"Re: {thread.subject} {tag}" if thread.subject else tag
