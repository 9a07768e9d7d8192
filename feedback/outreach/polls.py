"""Consultations (意见征集): a notice with numbered options, answered by a digit or a button, tallied live.

One answer per citizen and notice; a later answer replaces the earlier one.
"""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, select

from core.clock import utcnow
from feedback.outreach.models import Campaign, PollAnswer
from router.identity.models import Citizen

MAX_OPTIONS = 9  # one keypad digit each


def read_options(raw: str) -> list[str]:
    """Return the options written one a line (blank lines dropped)."""
    return [line.strip()[:100] for line in raw.splitlines() if line.strip()]


def choice_of(campaign: Campaign, text: str) -> int | None:
    """Return the option a reply picks ("2", "２"), or None when it is not one of the notice's numbers."""
    word = text.strip()
    if len(word) != 1 or not word.isdigit():
        return None
    number = int(word)
    return number if 1 <= number <= len(campaign.options) else None


def answer(session: Session, campaign: Campaign, citizen: Citizen, option: int, channel: str) -> PollAnswer:
    """Record the citizen's answer, replacing any earlier one."""
    query = select(PollAnswer).where(PollAnswer.campaign_id == campaign.id, PollAnswer.citizen_id == citizen.id)
    row = session.exec(query).first() or PollAnswer(
        campaign_id=campaign.id or 0, citizen_id=citizen.id or 0, option=option, channel=channel
    )
    row.option, row.channel, row.answered_at = option, channel, utcnow()
    row.township, row.age_group = citizen.township, citizen.age_group
    session.add(row)
    return row


def tallies(session: Session, campaign_id: int) -> dict[str, Counter]:
    """Return answers counted per option, and per (township, option) and (age group, option)."""
    rows = session.exec(select(PollAnswer).where(PollAnswer.campaign_id == campaign_id)).all()
    return {
        "option": Counter(r.option for r in rows),
        "township": Counter((r.township or "—", r.option) for r in rows),
        "age_group": Counter((r.age_group or "—", r.option) for r in rows),
    }
