"""Which notice a citizen's message answers: the latest one sent to them within OUTREACH_REPLY_HOURS."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from feedback.outreach.models import R_SENT, CampaignRecipient

ACK, CASE, ANSWER, COMMENT = "ack", "case", "answer", "comment"  # a consultation's option, or free-text feedback
NO_ANSWER = "no_answer"  # a consultation call answered without pressing an option (not counted as a reply)


def latest_notice(session: Session, citizen_id: int, now: datetime, hours: int) -> CampaignRecipient | None:
    """Return the citizen's most recent notice sent in the window, if any."""
    query = (
        select(CampaignRecipient)
        .where(CampaignRecipient.citizen_id == citizen_id, CampaignRecipient.status == R_SENT)
        .where(col(CampaignRecipient.sent_at) >= now - timedelta(hours=hours))
        .order_by(col(CampaignRecipient.sent_at).desc())
        .limit(1)
    )
    return session.exec(query).first()


def record(session: Session, recipient: CampaignRecipient, kind: str, contact_id: int | None, now: datetime) -> None:
    """Note the citizen's reply on their notice (the first reply is the one the report counts)."""
    if recipient.replied_at is None:
        recipient.replied_at, recipient.reply_kind, recipient.reply_id = now, kind, contact_id
        session.add(recipient)
