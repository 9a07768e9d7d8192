"""Satisfaction surveys: one row per question asked when a case is resolved, with the citizen's answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from core.clock import utcnow


class SurveyResponse(SQLModel, table=True):
    """One satisfaction survey: asked when a case is resolved, answered (or not) by the citizen."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    channel: str = Field(max_length=16)
    asked_at: datetime = Field(default_factory=utcnow, index=True)
    answered_at: datetime | None = None
    answered_via: str | None = Field(default=None, max_length=16)
    score: int | None = None  # 1 (very dissatisfied) … 5 (very satisfied)
    solved: bool | None = None
    answer_text: str | None = Field(default=None, max_length=500)
    comment: str | None = Field(default=None, sa_column=Column(Text))
    flagged: bool = False
    help_replies: int = 0
