"""What became of the bot's answers: the citizen's verdict, the hand-over to a person, and per-article
figures on how often an answer ended the matter (the citizen did not come back within 7 days)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import and_, case, exists, func, or_
from sqlmodel import Session, col, select

from channels.models import INBOUND, Interaction
from core.clock import utcnow
from feedback import cases, intake_case
from jobs.context import InboundContext
from knowledge import texts
from knowledge.models import HELPED, HUMAN, KnowledgeAnswer


def pending_answer(session: Session, citizen_id: int) -> KnowledgeAnswer | None:
    """Return the citizen's latest answer that still awaits a verdict (within its 7-day window)."""
    query = (
        select(KnowledgeAnswer)
        .where(KnowledgeAnswer.citizen_id == citizen_id, col(KnowledgeAnswer.outcome).is_(None))
        .where(KnowledgeAnswer.window_ends_at > utcnow())
        .order_by(col(KnowledgeAnswer.created_at).desc(), col(KnowledgeAnswer.id).desc())
    )
    return session.exec(query).first()


def apply_verdict(ctx: InboundContext, record: KnowledgeAnswer, verdict: str) -> None:
    """Record "helped" (and thank the citizen) or hand the original question to a person."""
    if record.outcome == HUMAN:
        return  # already handed over: a second press changes nothing
    if verdict == HELPED:
        if record.outcome is None:
            record.outcome, record.feedback_id = HELPED, ctx.contact.id
            ctx.session.add(record)
            ctx.reply(texts.render("helped", ctx.language, hotline=ctx.settings.hotline_name), "knowledge_feedback")
        return
    hand_over(ctx, record)


def hand_over(ctx: InboundContext, record: KnowledgeAnswer) -> None:
    """Open a case (or join the open one) with the question the bot answered, and say so to the citizen."""
    session = ctx.session
    question = session.get(Interaction, record.question_id)
    intake_case.open_or_join(replace(ctx, contact=question))
    case = cases.open_case_of(session, ctx.citizen.id)
    if case is not None:
        cases.attach(session, case, ctx.contact, joined=True)
        record.case_id = case.id
    record.outcome, record.feedback_id = HUMAN, ctx.contact.id
    session.add(record)


@dataclass
class ArticleOutcomes:
    """How the answers from one article ended."""

    answers: int = 0
    helped: int = 0
    handed_over: int = 0
    came_back: int = 0
    ended: int = 0
    pending: int = 0

    @property
    def ended_share(self) -> float | None:
        """Return the share of settled answers (7 days passed or the citizen came back) that ended the matter."""
        settled = self.ended + self.came_back
        return self.ended / settled if settled else None


def came_back_clause():
    """SQL truth of "the citizen wrote again within the answer's window" (verdicts and buttons excluded)."""
    later = (
        select(Interaction.id)
        .where(Interaction.direction == INBOUND, Interaction.citizen_id == KnowledgeAnswer.citizen_id)
        .where(Interaction.created_at > KnowledgeAnswer.created_at)
        .where(Interaction.created_at <= KnowledgeAnswer.window_ends_at)
        .where(Interaction.id != KnowledgeAnswer.question_id)
        .where(or_(col(KnowledgeAnswer.feedback_id).is_(None), Interaction.id != KnowledgeAnswer.feedback_id))
        .where(~col(Interaction.text).startswith("kb:"))
    )
    # coalesce: a NULL outcome would make the whole clause NULL, and NOT NULL is not true.
    return or_(func.coalesce(KnowledgeAnswer.outcome, "") == HUMAN, exists(later))


def article_outcomes(session: Session) -> dict[int, ArticleOutcomes]:
    """Return outcome figures for every article that has been used to answer, by article id (one grouped query)."""
    came_back, settled = came_back_clause(), KnowledgeAnswer.window_ends_at <= utcnow()
    rows = session.exec(
        select(
            KnowledgeAnswer.article_id,
            func.count(),
            _count_when(KnowledgeAnswer.outcome == HELPED),
            _count_when(KnowledgeAnswer.outcome == HUMAN),
            _count_when(came_back),
            _count_when(and_(~came_back, settled)),
        ).group_by(KnowledgeAnswer.article_id)
    )
    figures = {}
    for article_id, answers, helped, human, back, ended in rows:
        figures[article_id] = ArticleOutcomes(answers, helped, human, back, ended, answers - back - ended)
    return figures


def _count_when(condition):
    return func.sum(case((condition, 1), else_=0))
