"""An incident and the fingerprint each case leaves for the next report to be matched against."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from core.clock import utcnow

OPEN = "open"
RESOLVED = "resolved"


class Incident(SQLModel, table=True):
    """One problem at one place, reported by several citizens; `confirmed` once a supervisor has looked."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(default="", max_length=200)
    place: str = Field(default="", max_length=200)
    status: str = Field(default=OPEN, max_length=16, index=True)
    confirmed: bool = False
    first_at: datetime = Field(default_factory=utcnow)
    last_at: datetime = Field(default_factory=utcnow, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    answer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The first report's fingerprint: new reports are compared with it, not with every report (see linking).
    places: str = Field(default="", max_length=500)
    problems: str = Field(default="", max_length=500)
    shingles: str = Field(default="", sa_column=Column(Text, nullable=False))


class CaseFingerprint(SQLModel, table=True):
    """What a case's first report said, as `router.likeness` compares it, and the incident it belongs to."""

    __tablename__ = "case_fingerprint"
    __table_args__ = (Index("ix_case_fingerprint_opened", "opened_at"),)

    case_id: int = Field(foreign_key="case.id", primary_key=True)
    department_id: int = Field(foreign_key="department.id")
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    opened_at: datetime = Field(default_factory=utcnow)
    places: str = Field(default="", max_length=500)
    problems: str = Field(default="", max_length=500)
    shingles: str = Field(default="", sa_column=Column(Text, nullable=False))


class SurgeAlert(SQLModel, table=True):
    """A surge that was raised: what, where, how many against how many usual, and when."""

    __tablename__ = "surge_alert"

    id: int | None = Field(default=None, primary_key=True)
    problem: str = Field(max_length=64)
    place: str = Field(max_length=200, index=True)
    count: int
    expected: float
    probability: float
    case_id: int | None = Field(default=None, foreign_key="case.id")
    created_at: datetime = Field(default_factory=utcnow, index=True)


class ReportKey(SQLModel, table=True):
    """A (place, kind of problem) a report is keyed under, with when it was opened (see `feedback.incidents.keys`).

    Surge counts and linking's search for the report a new one repeats read these through indexes instead of
    searching the words of every fingerprint in their window.
    """

    __tablename__ = "report_key"
    __table_args__ = (
        Index("ix_report_key_place", "place", "problem", "opened_at"),
        Index("ix_report_key_problem", "problem", "opened_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    place: str = Field(max_length=200)  # "" for a report that names no place
    problem: str = Field(max_length=64)  # ANY ("*") for every report
    opened_at: datetime = Field(default_factory=utcnow, index=True)
