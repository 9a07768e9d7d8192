"""Who the citizen is: one record per person, their channel identities, and the merges that joined records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from core.clock import utcnow


class Citizen(SQLModel, table=True):
    """One person, whichever channels they use."""

    id: int | None = Field(default=None, primary_key=True)
    name: str | None = Field(default=None, max_length=200)
    # Who gave the name: "agent" (typed by staff, never replaced by a channel's), or the channel whose
    # profile it came from ("telegram", "email", "open311"); None for names older than this field.
    name_source: str | None = Field(default=None, max_length=16)
    language: str | None = Field(default=None, max_length=8)
    region: str | None = Field(default=None, max_length=200, index=True)
    county: str | None = Field(default=None, max_length=100)
    township: str | None = Field(default=None, max_length=100)
    village: str | None = Field(default=None, max_length=100)
    preferred_channel: str | None = Field(default=None, max_length=16)
    age_group: str | None = Field(default=None, max_length=32)
    occupation: str | None = Field(default=None, max_length=100)
    merged_into_id: int | None = Field(default=None, foreign_key="citizen.id")
    # The citizen said STOP / 退订: no surveys or outreach from then on (answers to their own cases still go).
    opted_out_at: datetime | None = None
    opted_out_via: str | None = Field(default=None, max_length=320)  # the address they said it from
    # Anonymised on request or under the retention rules: personal fields and addresses are gone (feedback.privacy).
    erased_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # Indexed: the dashboard's rollup recounts the cases of citizens whose profile changed.
    updated_at: datetime = Field(default_factory=utcnow, index=True)


class Identity(SQLModel, table=True):
    """A channel address as a URN (`tel:+8613800138000`, `telegram:123`, `mailto:a@b.cn`)."""

    id: int | None = Field(default=None, primary_key=True)
    urn: str = Field(max_length=320, unique=True)
    scheme: str = Field(max_length=16)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    shared: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class CitizenMerge(SQLModel, table=True):
    """Two citizen records found to be one person, and exactly what moved, so the merge can be undone."""

    id: int | None = Field(default=None, primary_key=True)
    kept_id: int = Field(foreign_key="citizen.id", index=True)
    merged_id: int = Field(foreign_key="citizen.id", index=True)
    moved: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    actor: str = Field(default="system", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    undone_at: datetime | None = None
    undone_by: str | None = Field(default=None, max_length=64)
