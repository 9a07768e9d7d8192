"""Self-service answers from the knowledge base: find one worth giving, write it for a channel, record it.

The bot answers only when it is sure (confidence at or above
KNOWLEDGE_ANSWER_THRESHOLD) and never answers a complaint. The citizen's
verdict on an answer comes back as "1" or a "this helped" button, and "0",
"人工" or "I still need help" (`verdict_of`); what follows a verdict is the
inbound step's (`feedback.intake.selfservice`).
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session

from core.clock import utcnow
from knowledge import complaints, search
from knowledge.models import CAME_BACK_DAYS, HELPED, HUMAN, KnowledgeAnswer
from knowledge.texts import TEXTS

BUTTON = re.compile(r"^kb:(helped|human):(\d+)$")
HUMAN_WORDS = {"0", "０", "人工", "转人工", "人工服务", "human", "agent", "person"}
HELPED_WORDS = {"1", "１", "已解决", "解决了"}


def verdict_of(text: str) -> tuple[str, int | None] | None:
    """Read a verdict on an earlier answer: (HELPED or HUMAN, the answer a button names, if it is a button)."""
    if match := BUTTON.match(text.strip()):
        return (HELPED if match.group(1) == "helped" else HUMAN), int(match.group(2))
    word = text.strip(" .。!！?？").lower()
    if word in HUMAN_WORDS:
        return HUMAN, None
    if word in HELPED_WORDS:
        return HELPED, None
    return None


def best_answer(session: Session, question: str, spoken: str, threshold: float) -> search.Match | None:
    """Return the published article that answers a question when the search is sure enough; never for a complaint."""
    if not question.strip() or complaints.looks_like_complaint(question):
        return None
    matches = search.search(session, question, spoken, limit=1)
    return matches[0] if matches and matches[0].confidence >= threshold else None


def compose(entry: search.Entry, style: str, spoken: str, hotline: str) -> str:
    """Write the answer in a channel's style: the short answer by SMS, spoken on the phone, the full body in chat."""
    if style == "spoken":
        return TEXTS.say("answer_voice", spoken, answer=entry.short_answer)
    if style == "full":
        return TEXTS.say("answer_chat", spoken, hotline=hotline, answer=entry.body or entry.short_answer)
    return TEXTS.say("answer_sms", spoken, hotline=hotline, answer=entry.short_answer)


def choices(answer_id: int, spoken: str) -> dict[str, str]:
    """Return the buttons (data → label) a channel with buttons shows under an answer."""
    return {
        f"kb:helped:{answer_id}": TEXTS.say("button_helped", spoken),
        f"kb:human:{answer_id}": TEXTS.say("button_human", spoken),
    }


def record(session: Session, match: search.Match, citizen_id: int, question_id: int, channel: str) -> KnowledgeAnswer:
    """Keep the answer given, so the citizen's verdict (or their coming back) can follow it."""
    now = utcnow()
    given = KnowledgeAnswer(
        article_id=match.entry.id,
        citizen_id=citizen_id,
        question_id=question_id,
        channel=channel,
        confidence=match.confidence,
        created_at=now,
        window_ends_at=now + timedelta(days=CAME_BACK_DAYS),
    )
    session.add(given)
    session.flush()
    return given
