"""Consent choices, saved segments, notices (campaigns) and one row per recipient of a notice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utcnow

# Campaign statuses: draft → approved → scheduled | sending ⇄ paused → done | cancelled.
DRAFT, APPROVED, SCHEDULED, SENDING, PAUSED, DONE, CANCELLED = (
    "draft", "approved", "scheduled", "sending", "paused", "done", "cancelled",
)  # fmt: skip
# What made a notice: written on the outreach pages, or telling the reporters of an incident or a proactive task.
NOTICE, INCIDENT, TASK = "notice", "incident", "task"
# Recipient statuses: queued → sending → sent → delivered | failed; or opted_out, or skipped (no reachable address).
R_QUEUED, R_SENDING, R_SENT, R_DELIVERED, R_FAILED, R_OPTED_OUT, R_SKIPPED = (
    "queued", "sending", "sent", "delivered", "failed", "opted_out", "skipped",
)  # fmt: skip


class ConsentEvent(SQLModel, table=True):
    """A citizen said no more notices (or yes again): when, on which channel, from which address, and how."""

    __tablename__ = "consent_event"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    choice: str = Field(max_length=8)  # "out" or "in"
    channel: str = Field(max_length=16)
    urn: str = Field(default="", max_length=320)
    source: str = Field(default="message", max_length=32)  # message, button, link, provider (Twilio 21610)
    created_at: datetime = Field(default_factory=utcnow)


class CitizenTag(SQLModel, table=True):
    """A label staff give a citizen for outreach (e.g. 'farmer', 'subsidy-2026')."""

    __tablename__ = "citizen_tag"
    __table_args__ = (UniqueConstraint("citizen_id", "tag", name="uq_citizen_tag"),)

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    tag: str = Field(max_length=64, index=True)


class Segment(SQLModel, table=True):
    """A saved query over citizens (`criteria`, read by feedback.outreach.segments)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    criteria: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class Campaign(SQLModel, table=True):
    """A notice to a segment, in Chinese and English, approved by a second person before it goes."""

    __table_args__ = (Index("ix_campaign_source", "kind", "source_id"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    segment_id: int = Field(foreign_key="segment.id", index=True)
    text_zh: str = Field(default="", sa_column=Column(Text, nullable=False))
    text_en: str = Field(default="", sa_column=Column(Text, nullable=False))
    channel: str = Field(default="preferred", max_length=16)  # "preferred" or a channel kind
    urgent: bool = False  # may go by SMS in quiet hours
    long_ok: bool = False  # the author accepted an SMS of several segments
    status: str = Field(default=DRAFT, max_length=16, index=True)
    send_at: datetime | None = None
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    approved_by: str | None = Field(default=None, max_length=64)
    approved_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    recipients: int = 0
    # A consultation (意见征集): the numbered choices citizens answer with a digit or a button (empty: a notice).
    options: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    # What made it: a notice written on the outreach pages, or the answer of an incident or a done proactive
    # task (`source_id`) to those of its reporters it does not answer as their case (feedback.outreach.reporters).
    kind: str = Field(default=NOTICE, max_length=16, sa_column_kwargs={"server_default": NOTICE})
    source_id: int | None = None


class CampaignRecipient(SQLModel, table=True):
    """One citizen of one notice: unique, so the notice reaches each citizen once whatever the workers do."""

    __tablename__ = "campaign_recipient"
    __table_args__ = (
        UniqueConstraint("campaign_id", "citizen_id", name="uq_campaign_recipient"),
        Index("ix_campaign_recipient_work", "campaign_id", "status", "next_attempt_at"),
        Index("ix_campaign_recipient_urn_sent", "urn", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    citizen_id: int = Field(foreign_key="citizen.id")
    urn: str = Field(default="", max_length=320)
    channel: str = Field(default="", max_length=16)
    status: str = Field(default=R_QUEUED, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime | None = None
    claimed_at: datetime | None = None
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    error: str | None = Field(default=None, sa_column=Column(Text))
    sent_at: datetime | None = None
    replied_at: datetime | None = None
    reply_kind: str | None = Field(default=None, max_length=16)  # "ack" or "case"
    reply_id: int | None = Field(default=None, foreign_key="interaction.id")


class PollAnswer(SQLModel, table=True):
    """A citizen's answer to a consultation: one row per citizen, the last answer counting."""

    __tablename__ = "poll_answer"
    __table_args__ = (UniqueConstraint("campaign_id", "citizen_id", name="uq_poll_answer"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    citizen_id: int = Field(foreign_key="citizen.id")
    option: int
    township: str | None = Field(default=None, max_length=100)
    age_group: str | None = Field(default=None, max_length=32)
    channel: str = Field(max_length=16)
    answered_at: datetime = Field(default_factory=utcnow)


class PollComment(SQLModel, table=True):
    """A feedback item: a citizen's free-text answer to a consultation, recorded on the notice (not a case)."""

    __tablename__ = "poll_comment"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    citizen_id: int = Field(foreign_key="citizen.id")
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    township: str | None = Field(default=None, max_length=100)
    age_group: str | None = Field(default=None, max_length=32)
    channel: str = Field(max_length=16)
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    created_at: datetime = Field(default_factory=utcnow)


class CitizenTagEvent(SQLModel, table=True):
    """The audit trail of citizens' tags: who added or removed which tag, and when."""

    __tablename__ = "citizen_tag_event"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    tag: str = Field(max_length=64)
    action: str = Field(max_length=8)  # "added" or "removed"
    actor: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
