"""A citizen waiting for a call from an agent, and each try to reach them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from core.clock import utcnow

WAITING = "waiting"
REACHED = "reached"
NO_ANSWER = "no_answer"
BUSY = "busy"
WRONG_NUMBER = "wrong_number"
GAVE_UP = "gave_up"  # the last failed try: the citizen was sent an SMS instead
OUTCOMES = (REACHED, NO_ANSWER, BUSY, WRONG_NUMBER)
FAILED = (NO_ANSWER, BUSY)  # worth another try


class CallbackRequest(SQLModel, table=True):
    """One request for a call back (pressed 2 in the phone menu, or hung up before speaking)."""

    __table_args__ = (Index("ix_callbackrequest_worklist", "status", "requested_at"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    citizen_id: int = Field(foreign_key="citizen.id")
    urn: str = Field(max_length=320)  # the number to call
    language: str = Field(default="zh", max_length=8)
    status: str = Field(default=WAITING, max_length=16)  # waiting | reached | wrong_number | gave_up
    requested_at: datetime = Field(default_factory=utcnow)
    tries: int = 0
    next_try_at: datetime | None = None
    closed_at: datetime | None = None


class CallbackAttempt(SQLModel, table=True):
    """One call an agent made for a request, with what happened."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="callbackrequest.id", index=True)
    outcome: str = Field(max_length=16)
    by: str = Field(max_length=64)
    note: str | None = Field(default=None, sa_column=Column(Text))
    called_at: datetime = Field(default_factory=utcnow)
    next_try_at: datetime | None = None
