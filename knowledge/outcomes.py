"""What became of the bot's answers: the one still awaiting the citizen's verdict, and per-article figures on
how often an answer ended the matter (the citizen did not come back within 7 days)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, or_
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from channels.models import INBOUND, Interaction
from core.clock import utcnow
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
        .where(or_(col(KnowledgeAnswer.feedback_id).is_(None), col(Interaction.id) != KnowledgeAnswer.feedback_id))
        .where(~col(Interaction.text).startswith("kb:"))
    )
    # coalesce: a NULL outcome would make the whole clause NULL, and NOT NULL is not true.
    return or_(func.coalesce(KnowledgeAnswer.outcome, "") == HUMAN, exists(later))


def article_outcomes(session: Session) -> dict[int, ArticleOutcomes]:
    """Return outcome figures for every article that has been used to answer, by article id (one grouped query)."""
    came_back, settled = came_back_clause(), col(KnowledgeAnswer.window_ends_at) <= utcnow()
    # SQLAlchemy's select: SQLModel's is typed for up to four columns.
    rows = session.execute(
        core_select(
            col(KnowledgeAnswer.article_id),
            func.count(),
            _count_when(KnowledgeAnswer.outcome == HELPED),
            _count_when(KnowledgeAnswer.outcome == HUMAN),
            _count_when(came_back),
            _count_when(and_(~came_back, settled)),
        ).group_by(col(KnowledgeAnswer.article_id))
    )
    figures = {}
    for article_id, answers, helped, human, back, ended in rows:
        figures[article_id] = ArticleOutcomes(answers, helped, human, back, ended, answers - back - ended)
    return figures


def _count_when(condition):
    return func.sum(case((condition, 1), else_=0))
