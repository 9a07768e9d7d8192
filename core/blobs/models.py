"""The database backend's tables: one row per blob, its bytes in numbered chunks of about a megabyte."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from core.clock import utcnow


class Blob(SQLModel, table=True):
    """A stored file: its key, size and how many chunks hold it."""

    key: str = Field(primary_key=True, max_length=500)
    size: int
    chunks: int
    created_at: datetime = Field(default_factory=utcnow)


class BlobChunk(SQLModel, table=True):
    """One piece of a blob, read and written one at a time so no file is ever whole in memory."""

    __tablename__ = "blob_chunk"

    key: str = Field(primary_key=True, max_length=500)
    seq: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
