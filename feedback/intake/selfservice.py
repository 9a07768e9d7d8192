"""The inbound step that answers known questions from the knowledge base, before a case is needed.

It never answers a citizen who has an open case (their message joins the case).
It also takes the citizen's verdict on an earlier answer: "helped" thanks them,
"a person, please" opens a case with the original question (`knowledge.answers`
finds, writes and records the answers).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from channels.base import Understood
from channels.models import Interaction
from core import language
from core.db import id_of
from feedback.cases import opening
from feedback.intake import opening as opening_step
from feedback.intake.context import InboundContext
from knowledge import answers, outcomes
from knowledge.models import HELPED, HUMAN, KnowledgeAnswer
from knowledge.texts import TEXTS

log = logging.getLogger(__name__)


def answer_from_knowledge(ctx: InboundContext) -> bool:
    """Take a verdict on an earlier answer, or answer a question from a published article when sure."""
    text = ctx.contact.text.strip()
    verdict = answers.verdict_of(text)
    if verdict is not None:
        verdict_name, answer_id = verdict
        if answer_id is not None:
            return _button(ctx, verdict_name, answer_id)
        pending = outcomes.pending_answer(ctx.session, id_of(ctx.citizen))
        if pending is not None:
            apply_verdict(ctx, pending, verdict_name)
            return True
    if ctx.open_case() is not None:
        return False
    spoken = language.detect(text, ctx.language)
    match = answers.best_answer(ctx.session, text, spoken, ctx.settings.knowledge_answer_threshold)
    if match is None:
        return False
    _answer(ctx, match, spoken)
    return True


def apply_verdict(ctx: InboundContext, record: KnowledgeAnswer, verdict: str) -> None:
    """Record "helped" (and thank the citizen) or hand the original question to a person."""
    if record.outcome == HUMAN:
        return  # already handed over: a second press changes nothing
    if verdict == HELPED:
        if record.outcome is None:
            record.outcome, record.feedback_id = HELPED, ctx.contact.id
            ctx.session.add(record)
            ctx.reply(TEXTS.say("helped", ctx.language, hotline=ctx.settings.hotline_name), "knowledge_feedback")
        return
    _hand_over(ctx, record)


def _button(ctx: InboundContext, verdict: str, answer_id: int) -> bool:
    record = ctx.session.get(KnowledgeAnswer, answer_id)
    if record is None or record.citizen_id != ctx.citizen.id:
        # A stale or forged button: there is nothing of this citizen's to act on.
        log.warning("button %s for answer %s from citizen %s ignored", verdict, answer_id, ctx.citizen.id)
        return True
    apply_verdict(ctx, record, verdict)
    return True


def _hand_over(ctx: InboundContext, record: KnowledgeAnswer) -> None:
    """Open a case (or join the open one) with the question the bot answered, and say so to the citizen."""
    session = ctx.session
    question = session.get(Interaction, record.question_id)
    assert question is not None  # an answer's question is a stored contact
    channel = ctx.channel
    # The case is about the question, so it is routed by what the question's channel said of it (a subject).
    subject = channel.understand(session, question, ctx.language).subject if channel is not None else ""
    opening_step.open_or_join(replace(ctx, contact=question, understood=Understood(subject=subject)))
    case = opening.open_case_of(session, id_of(ctx.citizen))
    if case is not None:
        opening.attach(session, case, ctx.contact, joined=True)
        record.case_id = case.id
    record.outcome, record.feedback_id = HUMAN, ctx.contact.id
    session.add(record)


def _answer(ctx: InboundContext, match, spoken: str) -> KnowledgeAnswer:
    """Send the article's answer on the citizen's channel and record it, so their verdict can follow."""
    channel = ctx.channel
    record = answers.record(ctx.session, match, id_of(ctx.citizen), id_of(ctx.contact), ctx.contact.channel)
    style = channel.answer_style if channel is not None else "short"
    text = answers.compose(match.entry, style, spoken, ctx.settings.hotline_name)
    options = channel.buttons(answers.choices(id_of(record), spoken)) if channel is not None else {}
    reply = ctx.reply(text, "knowledge_answer", options=options)
    ctx.session.flush()
    record.reply_id = reply.id
    ctx.session.add(record)
    return record
