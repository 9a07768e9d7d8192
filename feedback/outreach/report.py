"""What became of a notice: progress while it sends, and delivered / failed / opted out / replied by channel."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlmodel import Session

from channels.models import DELIVERED, FAILED, UNDELIVERABLE, Interaction
from core.db import table_of
from feedback.outreach.models import (
    R_FAILED,
    R_OPTED_OUT,
    R_QUEUED,
    R_SENDING,
    R_SENT,
    R_SKIPPED,
    CampaignRecipient,
)

COLUMNS = ("recipients", "waiting", "sent", "delivered", "failed", "opted_out", "skipped", "replied")


def by_channel(session: Session, campaign_id: int) -> dict[str, dict[str, int]]:
    """Return the notice's figures per channel, and under "all" for the whole notice."""
    recipients, messages = table_of(CampaignRecipient), table_of(Interaction)
    rows = session.execute(
        select(
            recipients.c.channel,
            recipients.c.status,
            messages.c.status,
            func.count(),
            func.count(recipients.c.replied_at),
        )
        .select_from(recipients)
        .outerjoin(messages, messages.c.id == recipients.c.interaction_id)
        .where(recipients.c.campaign_id == campaign_id)
        .group_by(recipients.c.channel, recipients.c.status, messages.c.status)
    ).all()
    figures: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for channel, status, message_status, count, replied in rows:
        for key in (channel or "none", "all"):
            row = figures[key]
            row["recipients"] += count
            row[_column(status, message_status)] += count
            row["replied"] += replied
    return dict(figures)


def _column(status: str, message_status: str | None) -> str:
    if status in (R_QUEUED, R_SENDING):
        return "waiting"
    if status == R_SENT:
        if message_status == DELIVERED:
            return "delivered"
        return "failed" if message_status in (FAILED, UNDELIVERABLE) else "sent"
    return {R_FAILED: "failed", R_OPTED_OUT: "opted_out", R_SKIPPED: "skipped"}.get(status, "failed")
