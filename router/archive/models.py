"""A past ticket from the hotline's previous system: what was asked, and which department took it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.clock import utcnow


class ArchivedTicket(SQLModel, table=True):
    """One row of an imported file; the same content imported twice is kept once (`fingerprint`)."""

    __tablename__ = "archived_ticket"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=255, index=True)  # the file's name
    line: int  # where it was in the file, for the operator
    reference: str | None = Field(default=None, max_length=64)  # the old system's ticket number
    subject: str = Field(default="", max_length=500)
    text: str
    department_code: str = Field(max_length=64, index=True)
    opened_at: datetime | None = None
    fingerprint: str = Field(max_length=40, unique=True, index=True)
    imported_at: datetime = Field(default_factory=utcnow)
