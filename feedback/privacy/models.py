"""The privacy audit trail: every erasure, export and retention run, with who asked and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from core.clock import utcnow

ERASE = "erase"
EXPORT = "export"
RETENTION = "retention"


class PrivacyAction(SQLModel, table=True):
    """One act on personal information; kept after the data it touched is gone, so the act can be shown."""

    __tablename__ = "privacy_action"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    citizen_id: int | None = Field(default=None, foreign_key="citizen.id", index=True)
    actor: str = Field(default="system", max_length=64)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    forced: bool = False  # done although the citizen had open cases
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)
