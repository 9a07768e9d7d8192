"""Every message in or out, stored before anything else happens to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow

INBOUND = "in"
OUTBOUND = "out"

# Inbound: received → processed | failed.  Outbound: queued → sending → sent → delivered | failed | undeliverable,
# or queued → cancelled.
RECEIVED = "received"
PROCESSED = "processed"
QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
DELIVERED = "delivered"
FAILED = "failed"
UNDELIVERABLE = "undeliverable"
CANCELLED = "cancelled"  # never sent: no longer needed by the time it was due (a survey already answered)
# The purpose of the outbound message that answers a case: its delivery is what "answered" means.
ANSWER = "answer"


def needs_follow_up(status: str, purpose: str) -> bool:
    """Tell whether the worker must act on an outbound row reaching this status (a row waiting for that has
    `next_attempt_at` set): a failure for good tries the citizen's other addresses, a delivered answer is noted."""
    return status == UNDELIVERABLE or (status == DELIVERED and purpose == ANSWER)


class Interaction(SQLModel, table=True):
    """One contact or reply on one channel, with the provider's raw payload kept verbatim."""

    __table_args__ = (
        UniqueConstraint("channel", "direction", "external_id", name="uq_interaction_external"),
        Index("ix_interaction_pending", "direction", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    direction: str = Field(max_length=3)
    channel: str = Field(max_length=16)
    external_id: str | None = Field(default=None, max_length=128)
    urn: str = Field(max_length=320)
    citizen_id: int | None = Field(default=None, foreign_key="citizen.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    purpose: str = Field(default="message", max_length=32)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(max_length=16)
    error: str | None = Field(default=None, sa_column=Column(Text))
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime | None = None
    processed_at: datetime | None = None
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    # The text and the provider's payload were removed under the personal-information rules.
    erased_at: datetime | None = None


class Attachment(SQLModel, table=True):
    """A file that came with an interaction (MMS media, a photo, a recording)."""

    id: int | None = Field(default=None, primary_key=True)
    interaction_id: int = Field(foreign_key="interaction.id", index=True)
    url: str | None = Field(default=None, max_length=2000)
    content_type: str | None = Field(default=None, max_length=128)
    path: str | None = Field(default=None, max_length=500)
    size: int | None = None
    filename: str | None = Field(default=None, max_length=255)
    note: str | None = Field(default=None, max_length=500)
    erased_at: datetime | None = None  # the file was deleted under the personal-information rules
