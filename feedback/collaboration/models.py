"""Tables of departments working one case together: assisting tasks, returns, supervision notices, owners."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from core.clock import utcnow

OPEN, DONE, RELEASED = "open", "done", "released"
PENDING, UPHELD, REJECTED = "pending", "upheld", "rejected"  # upheld: the return was right, the case moved


class AssistTask(SQLModel, table=True):
    """An assisting department's (协办) part of a case led by another department, with its own deadline."""

    __tablename__ = "assist_task"
    __table_args__ = (Index("ix_assist_task_department_status", "department_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    department_id: int = Field(foreign_key="department.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    due_at: datetime
    beyond_limit_reason: str = Field(default="", max_length=500)  # why the deadline passes the statutory limit
    status: str = Field(default=OPEN, max_length=16, index=True)
    part: str = Field(default="", sa_column=Column(Text, nullable=False))  # the internal reply to the lead
    reason: str = Field(default="", max_length=500)  # why it was released
    created_by: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    finished_by: str | None = Field(default=None, max_length=64)
    finished_at: datetime | None = None
    late_at: datetime | None = None  # when the sweep found it past its deadline and told supervisors


class CaseReturn(SQLModel, table=True):
    """A department sending a case back (退单) as not theirs, and the hotline centre's decision on it."""

    __tablename__ = "case_return"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    reason_code: str = Field(max_length=32)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: str = Field(default=PENDING, max_length=16, index=True)
    created_by: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    to_department_id: int | None = Field(default=None, foreign_key="department.id")
    decision_reason: str = Field(default="", max_length=500)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None


class SupervisionNotice(SQLModel, table=True):
    """A supervisor's notice (督办) to a department on a case, with the date a reply is due."""

    __tablename__ = "supervision_notice"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    reply_by: datetime = Field(index=True)
    issued_by: str = Field(default="", max_length=64)
    issued_at: datetime = Field(default_factory=utcnow)
    reply: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    replied_by: str | None = Field(default=None, max_length=64)
    replied_at: datetime | None = None
    escalated_at: datetime | None = None


class CaseOwner(SQLModel, table=True):
    """The agent who first handled a case's contact (首接负责): it stays in their cases until closed."""

    __tablename__ = "case_owner"

    case_id: int = Field(foreign_key="case.id", primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    since: datetime = Field(default_factory=utcnow)
