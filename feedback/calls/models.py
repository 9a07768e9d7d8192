"""An agent's telephone line (availability, phone, queues), each live call, and each offer of a call to an agent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from core.clock import utcnow

AVAILABLE, BUSY, AWAY = "available", "busy", "away"
PRESENCES = (AVAILABLE, BUSY, AWAY)

# A live call's state, in the order it can move (never backwards).
QUEUED, OFFERED, TALKING, ENDED = "queued", "offered", "talking", "ended"
# How a call ended.
ANSWERED, ABANDONED, OVERFLOW, MESSAGE, CALLBACK = "answered", "abandoned", "overflow", "message", "callback"

# An offer's state: rank says which later news may still move it (a duplicate or late callback never moves it back).
RINGING, CONNECTED, MISSED, FAILED, LOST, DONE = "ringing", "connected", "missed", "failed", "lost", "done"
OFFER_RANK = {OFFERED: 0, RINGING: 1, CONNECTED: 2, MISSED: 3, FAILED: 3, LOST: 3, DONE: 3}

# A department's duty phone brought into a call: its state, in the order it can move.
DIALLING, JOINED, LEFT, UNANSWERED = "dialling", "joined", "left", "unanswered"
DUTY_RANK = {DIALLING: 0, RINGING: 1, JOINED: 2, LEFT: 3, UNANSWERED: 3, FAILED: 3}

# What the wrap-up made of a call.
NEW_CASE, EXISTING_CASE, INFORMATION = "new_case", "existing_case", "information"
WRAPUPS = (NEW_CASE, EXISTING_CASE, INFORMATION)


class AgentLine(SQLModel, table=True):
    """An agent's telephone presence: whether calls may be offered, the phone they ring, the queues served."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    presence: str = Field(default=AWAY, max_length=16)
    phone: str | None = Field(default=None, max_length=32)  # E.164, a desk or a mobile phone
    queues: str = Field(default="zh", max_length=200)  # comma-separated queue names
    misses: int = 0  # offers missed in a row
    call_id: int | None = Field(default=None, foreign_key="livecall.id")  # the call offered to or taken by them
    changed_at: datetime = Field(default_factory=utcnow)
    last_offer_at: datetime | None = None

    def serves(self) -> list[str]:
        """Return the queue names this agent serves."""
        return [name for name in (part.strip() for part in self.queues.split(",")) if name]


class LiveCall(SQLModel, table=True):
    """One call that asked for an agent: its wait, who took it, and what it became."""

    __table_args__ = (Index("ix_livecall_waiting", "state", "queue", "arrived_at"),)

    id: int | None = Field(default=None, primary_key=True)
    call_sid: str = Field(max_length=40, unique=True, index=True)
    urn: str | None = Field(default=None, max_length=320)  # None: the number was withheld
    language: str = Field(default="zh", max_length=8)
    queue: str = Field(max_length=64)
    state: str = Field(default=QUEUED, max_length=16)
    outcome: str | None = Field(default=None, max_length=16)
    wants: str | None = Field(default=None, max_length=16)  # what the caller chose while waiting
    arrived_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    agent_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    talk_seconds: int | None = None
    recording_url: str | None = Field(default=None, max_length=500)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    wrapup: str | None = Field(default=None, max_length=16)
    wrapped_at: datetime | None = None
    summary: str | None = Field(default=None, sa_column=Column(Text))
    conference: str | None = Field(default=None, max_length=64)  # the <Conference> room, once moved into one
    holding: bool = False  # the caller waits in the hold room while their agent consults another (warm transfer)


class CallOffer(SQLModel, table=True):
    """One try to connect a waiting call to an agent's phone."""

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="livecall.id", index=True)
    agent_id: int = Field(foreign_key="user.id")
    state: str = Field(default=OFFERED, max_length=16)
    leg_sid: str | None = Field(default=None, max_length=40)  # the agent's leg, once Twilio reports it
    offered_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None
    transferred_to: str | None = Field(default=None, max_length=64)  # the queue the agent sent the caller on to
    consult: bool = False  # rings an agent the first agent consults before handing the caller over (warm)


class DutyCall(SQLModel, table=True):
    """A department's duty phone that an agent brought into a call (a three-way call in a <Conference>)."""

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="livecall.id", index=True)
    department_id: int = Field(foreign_key="department.id")
    phone: str = Field(max_length=32)
    asked_by: int = Field(foreign_key="user.id")
    state: str = Field(default=DIALLING, max_length=16)
    leg_sid: str | None = Field(default=None, max_length=40)  # the duty phone's call, once Twilio placed it
    asked_at: datetime = Field(default_factory=utcnow)
    joined_at: datetime | None = None
    ended_at: datetime | None = None
    talk_seconds: int | None = None
    reason: str | None = Field(default=None, max_length=200)  # why it failed, as Twilio said
