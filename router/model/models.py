"""Every routing model ever published: the database says which one is active, the blob store holds the files."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.clock import utcnow


class ModelVersion(SQLModel, table=True):
    """One published routing model; the newest active row is the one every process routes with."""

    __tablename__ = "routing_model_version"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=500)  # the file in the blob store
    examples: int
    departments: int
    trained_at: datetime
    published_at: datetime = Field(default_factory=utcnow)
    published_by: str = Field(default="", max_length=255)  # the host and the way (retrain, train, publish, rollback)
    active: bool = Field(default=False, index=True)
