"""Cases, their audit trail, and the notes staff must see about them (reminders, breach alerts, unhappy citizens)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from core.clock import utcnow


class Case(SQLModel, table=True):
    """A citizen's matter, tracked from the first contact until the answer has reached them."""

    __table_args__ = (
        Index("ix_case_citizen_status", "citizen_id", "status"),
        Index("ix_case_backlog", "status", "opened_at", "overdue"),  # the dashboard's backlog, index-only
        # The inbox: a department's folder rows, its count and the poll's marker read this index alone.
        Index("ix_case_inbox", "department_id", "status", "assignee_id", "priority", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=16, unique=True)
    citizen_id: int = Field(foreign_key="citizen.id")
    department_id: int = Field(foreign_key="department.id", index=True)
    status: str = Field(default="new", max_length=24, index=True)
    priority: str = Field(default="normal", max_length=16)
    kind: str = Field(default="report", max_length=24)
    channel: str = Field(max_length=16)
    language: str = Field(default="zh", max_length=8)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False))
    routing_rule: str | None = Field(default=None, max_length=200)
    routing_confidence: float | None = None
    assignee_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    region: str | None = Field(default=None, max_length=200, index=True)
    transfer_count: int = 0
    repeat_citizen: bool = False
    repeat_topic: bool = False
    overdue: bool = False
    callback_requested: bool = False  # the citizen asked for (or hung up before) a call from an agent
    unreachable: bool = False  # every channel the citizen has failed permanently: an agent should call
    first_response_due_at: datetime | None = None
    resolution_due_at: datetime | None = None
    public: bool = False
    opened_at: datetime = Field(default_factory=utcnow, index=True)
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    # The summary and everything the citizen or staff wrote in the case were removed (feedback.privacy);
    # the figures (department, times, status) stay for the dashboard.
    anonymised_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    # The inbox's unread marker: the citizen's newest message against when the assignee last opened the case.
    last_citizen_message_at: datetime | None = None
    assignee_seen_at: datetime | None = None
    urge_count: int = 0  # follow-ups that press for progress (催办), feedback.cases.urging
    # What staff read and correct on the case page (feedback.cases.fields): the email's subject, where the
    # matter is (an address, and "lat,long" from a Telegram location or an Open311 filing), and tags.
    subject: str | None = Field(default=None, max_length=300)
    address: str | None = Field(default=None, max_length=500)
    location: str | None = Field(default=None, max_length=64)
    # Defaults in the column too, so bulk inserts that leave it out (bench, history import) store no tags.
    tags: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, default=lambda: [], server_default="[]")
    )


class CaseEvent(SQLModel, table=True):
    """One thing that happened to a case: who, what, when (the audit trail)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str = Field(max_length=32)
    actor: str = Field(default="system", max_length=64)
    from_status: str | None = Field(default=None, max_length=24)
    to_status: str | None = Field(default=None, max_length=24)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class StaffNotification(SQLModel, table=True):
    """Something staff must see: for one user, or for everyone with a role in a department."""

    __table_args__ = (Index("ix_staffnotification_unread", "user_id", "role", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    role: str | None = Field(default=None, max_length=16)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    kind: str = Field(max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


class NotificationRead(SQLModel, table=True):
    """One user having read a note addressed to their role, so it leaves their list and not their colleagues'."""

    __table_args__ = (Index("ix_notificationread_note_user", "note_id", "user_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="staffnotification.id")
    user_id: int = Field(foreign_key="user.id", index=True)
    read_at: datetime = Field(default_factory=utcnow)
