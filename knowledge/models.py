"""Knowledge articles (service guides and FAQs) and the self-service answers the bot gave from them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from core.clock import utcnow

HELPED = "helped"
HUMAN = "human"
CAME_BACK_DAYS = 7


class Article(SQLModel, table=True):
    """One answer to a common question, in one language, with the phrasings citizens use to ask it."""

    __table_args__ = (Index("ix_article_language_title", "language", "title", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    questions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    short_answer: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    language: str = Field(default="zh", max_length=8)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    keywords: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    published: bool = True
    reviewed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)  # the search index's freshness check


class KnowledgeAnswer(SQLModel, table=True):
    """The bot answered a citizen's question from an article; did that end the matter?"""

    __tablename__ = "knowledge_answer"
    __table_args__ = (Index("ix_knowledge_answer_citizen_created", "citizen_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    citizen_id: int = Field(foreign_key="citizen.id")
    question_id: int = Field(foreign_key="interaction.id")
    reply_id: int | None = Field(default=None, foreign_key="interaction.id")
    channel: str = Field(max_length=16)
    confidence: float
    outcome: str | None = Field(default=None, max_length=16)
    feedback_id: int | None = Field(default=None, foreign_key="interaction.id")
    case_id: int | None = Field(default=None, foreign_key="case.id")
    created_at: datetime = Field(default_factory=utcnow)
    window_ends_at: datetime
