"""The inbound step that answers known questions from the knowledge base, before a case is needed.

It answers only when it is sure (confidence at or above KNOWLEDGE_ANSWER_THRESHOLD), never answers
a complaint, and never answers a citizen who has an open case (their message joins the case). It
also takes the citizen's verdict on an answer: "1" or the Telegram "this helped" button, and "0",
"人工" or "I still need help", which opens a case with the original question.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from core import language
from core.clock import utcnow
from jobs.context import InboundContext
from knowledge import complaints, outcomes, search, texts
from knowledge.models import CAME_BACK_DAYS, HELPED, HUMAN, KnowledgeAnswer

log = logging.getLogger(__name__)
BUTTON = re.compile(r"^kb:(helped|human):(\d+)$")
HUMAN_WORDS = {"0", "０", "人工", "转人工", "人工服务", "human", "agent", "person"}
HELPED_WORDS = {"1", "１", "已解决", "解决了"}
VOICE_CHANNELS = {"voice"}
CHAT_CHANNELS = {"telegram", "email"}


def answer_from_knowledge(ctx: InboundContext) -> bool:
    """Take a verdict on an earlier answer, or answer a question from a published article when sure."""
    text = ctx.contact.text.strip()
    if match := BUTTON.match(text):
        return _button(ctx, match.group(1), int(match.group(2)))
    verdict = _verdict_word(text)
    if verdict and (pending := outcomes.pending_answer(ctx.session, ctx.citizen.id)) is not None:
        outcomes.apply_verdict(ctx, pending, verdict)
        return True
    if not text or complaints.looks_like_complaint(text):
        return False
    if ctx.open_case() is not None:
        return False
    spoken = language.detect(text, ctx.language)
    matches = search.search(ctx.session, text, spoken, limit=1)
    if not matches or matches[0].confidence < ctx.settings.knowledge_answer_threshold:
        return False
    answer(ctx, matches[0], spoken)
    return True


def _verdict_word(text: str) -> str | None:
    word = text.strip(" .。!！?？").lower()
    return HUMAN if word in HUMAN_WORDS else HELPED if word in HELPED_WORDS else None


def _button(ctx: InboundContext, verdict: str, answer_id: int) -> bool:
    record = ctx.session.get(KnowledgeAnswer, answer_id)
    if record is None or record.citizen_id != ctx.citizen.id:
        # A stale or forged button: there is nothing of this citizen's to act on.
        log.warning("button %s for answer %s from citizen %s ignored", verdict, answer_id, ctx.citizen.id)
        return True
    outcomes.apply_verdict(ctx, record, HELPED if verdict == "helped" else HUMAN)
    return True


def answer(ctx: InboundContext, match: search.Match, spoken: str) -> KnowledgeAnswer:
    """Send the article's answer on the citizen's channel and record it, so their verdict can follow."""
    now = utcnow()
    record = KnowledgeAnswer(
        article_id=match.entry.id,
        citizen_id=ctx.citizen.id,  # type: ignore[arg-type]
        question_id=ctx.contact.id,  # type: ignore[arg-type]
        channel=ctx.contact.channel,
        confidence=match.confidence,
        created_at=now,
        window_ends_at=now + timedelta(days=CAME_BACK_DAYS),
    )
    ctx.session.add(record)
    ctx.session.flush()
    reply = ctx.reply(compose(match.entry, ctx.contact.channel, spoken, ctx.settings.hotline_name), "knowledge_answer")
    if ctx.contact.channel == "telegram":
        reply.payload = {"options": {"reply_markup": inline_keyboard(buttons(record.id, spoken))}}
    ctx.session.flush()
    record.reply_id = reply.id
    ctx.session.add(record)
    return record


def compose(entry: search.Entry, channel: str, spoken: str, hotline: str) -> str:
    """Write the answer for a channel: the short answer by SMS and phone, the full body in chat and email."""
    if channel in VOICE_CHANNELS:
        return texts.render("answer_voice", spoken, answer=entry.short_answer)
    if channel in CHAT_CHANNELS:
        return texts.render("answer_chat", spoken, hotline=hotline, answer=entry.body or entry.short_answer)
    return texts.render("answer_sms", spoken, hotline=hotline, answer=entry.short_answer)


def inline_keyboard(choices: dict[str, str]) -> dict:
    """Lay out buttons (callback data → label) in one row, as the Bot API's InlineKeyboardMarkup."""
    return {"inline_keyboard": [[{"text": label, "callback_data": data} for data, label in choices.items()]]}


def buttons(answer_id: int, spoken: str) -> dict[str, str]:
    """Return the Telegram buttons (callback data → label) under an answer."""
    return {
        f"kb:helped:{answer_id}": texts.render("button_helped", spoken),
        f"kb:human:{answer_id}": texts.render("button_human", spoken),
    }
