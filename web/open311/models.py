"""API keys of Open311 clients (government portals and apps that file requests)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.clock import utcnow


class ApiKey(SQLModel, table=True):
    """A key an integrator (a government portal or app) uses to file Open311 requests."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    key_hash: str = Field(max_length=64, unique=True)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
