"""A proactive task, what happened to it, and the reports it answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from core.clock import utcnow

OPEN = "open"
DONE = "done"
CANCELLED = "cancelled"
STATUSES = (OPEN, DONE, CANCELLED)

# Where a task came from: what the supervisor was looking at when they made it.
SOURCES = ("hotspot", "alert", "recurring", "forecast", "incident", "other")


class ProactiveTask(SQLModel, table=True):
    """Work for a department before (or instead of) more citizens having to report it, with a deadline."""

    __tablename__ = "proactive_task"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    details: str = Field(default="", sa_column=Column(Text, nullable=False))
    department_id: int = Field(foreign_key="department.id", index=True)
    owner_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    status: str = Field(default=OPEN, max_length=16, index=True)
    source: str = Field(default="other", max_length=16)
    source_ref: str = Field(default="", max_length=200)  # what it came from: "alert 12", "2027-06 flooding"
    place: str = Field(default="", max_length=200)
    problem: str = Field(default="", max_length=64)
    due_at: datetime = Field(index=True)
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None
    outcome: str = Field(default="", sa_column=Column(Text, nullable=False))
    late_noticed_at: datetime | None = None  # when supervisors were told it is late (once)
    citizens_told: int = 0  # how many reporters the notice on completion went to


class ProactiveTaskEvent(SQLModel, table=True):
    """One step of a task's history: created, owner changed, due changed, late, done, cancelled, notice sent."""

    __tablename__ = "proactive_task_event"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="proactive_task.id", index=True)
    kind: str = Field(max_length=32)
    actor: str = Field(max_length=64)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class ProactiveTaskCase(SQLModel, table=True):
    """A citizen's case the task answers (the reports of the hot spot, alert or recurring problem it came from)."""

    __tablename__ = "proactive_task_case"

    task_id: int = Field(foreign_key="proactive_task.id", primary_key=True)
    case_id: int = Field(foreign_key="case.id", primary_key=True, index=True)
