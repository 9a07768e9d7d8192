"""Tables behind time limits: policies, the working calendar and holidays, clocks, breaches, extensions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow

CLOCKS = ("first_response", "resolution")
UNITS = ("hours", "working_hours", "working_days")


class SlaPolicy(SQLModel, table=True):
    """Time limits for cases of one department × kind × priority (an empty field matches any value)."""

    __table_args__ = (UniqueConstraint("department_code", "kind", "priority", name="uq_slapolicy_scope"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=200)
    department_code: str = Field(default="", max_length=64)
    kind: str = Field(default="", max_length=24)
    priority: str = Field(default="", max_length=16)
    first_response_limit: float
    first_response_unit: str = Field(default="working_hours", max_length=16)
    resolution_limit: float
    resolution_unit: str = Field(default="working_days", max_length=16)
    updated_at: datetime = Field(default_factory=utcnow)


class Holiday(SQLModel, table=True):
    """A public holiday (no work), or a make-up working day on a weekend (调休) when `workday` is set."""

    day: date = Field(primary_key=True)
    name: str = Field(default="", max_length=100)
    workday: bool = False


class WorkingCalendar(SQLModel, table=True):
    """The hotline's working time: one row, in the hotline's own time zone."""

    id: int | None = Field(default=1, primary_key=True)
    timezone: str = Field(default="Asia/Shanghai", max_length=64)
    hours: str = Field(default="09:00-12:00,13:30-17:30", max_length=200)  # working spans of a working day
    weekdays: str = Field(default="1,2,3,4,5", max_length=20)  # ISO weekdays: Monday is 1


class CaseClock(SQLModel, table=True):
    """A case's running SLA clocks: when they started, whether paused, and what was already said about them."""

    case_id: int = Field(foreign_key="case.id", primary_key=True)
    policy_id: int | None = None  # the policy the limits came from (policies may be deleted later)
    first_response_limit_seconds: int = 0
    first_response_unit: str = Field(default="working_hours", max_length=16)
    first_response_extra_seconds: int = 0  # granted by approved extensions
    resolution_limit_seconds: int = 0
    resolution_unit: str = Field(default="working_days", max_length=16)
    resolution_extra_seconds: int = 0
    first_response_started_at: datetime = Field(default_factory=utcnow)
    resolution_started_at: datetime = Field(default_factory=utcnow)
    paused_at: datetime | None = None
    paused_seconds: int = 0  # wall-clock time spent waiting on the citizen
    paused_working_seconds: int = 0  # the working time within it
    first_response_remind_at: datetime | None = None
    resolution_remind_at: datetime | None = None
    first_response_reminded: bool = False
    resolution_reminded: bool = False
    first_response_breached: bool = False
    resolution_breached: bool = False
    next_check_at: datetime | None = Field(default=None, index=True)


class SlaBreach(SQLModel, table=True):
    """A deadline a case missed; kept for good, even after an extension or a reopen."""

    __table_args__ = (UniqueConstraint("case_id", "clock", "due_at", name="uq_slabreach_once"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    clock: str = Field(max_length=16)
    due_at: datetime
    breached_at: datetime = Field(default_factory=utcnow, index=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    assignee_id: int | None = Field(default=None, foreign_key="user.id")
    # 督办: someone must say what they did about it; until then it climbs (1 department, 2 hotline centre).
    escalation_level: int = 1
    escalated_at: datetime | None = None
    acknowledged_at: datetime | None = Field(default=None, index=True)
    acknowledged_by: str | None = Field(default=None, max_length=64)
    acknowledgement: str | None = Field(default=None, sa_column=Column(Text))


class SlaExtension(SQLModel, table=True):
    """A request for more time on one clock, approved or rejected by a supervisor."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    clock: str = Field(max_length=16)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    requested_by: str = Field(max_length=64)
    requested_due_at: datetime
    previous_due_at: datetime | None = None
    status: str = Field(default="pending", max_length=16, index=True)  # pending | approved | rejected
    decided_by: str | None = Field(default=None, max_length=64)
    decision_note: str | None = Field(default=None, sa_column=Column(Text))
    requested_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = None
