"""Consultations (意见征集): a notice with numbered options, answered by a digit or a button, tallied live.

One answer per citizen and notice; a later answer replaces the earlier one. Any other words in reply are a
feedback item on the notice (`comment`), unless they read as a matter for the hotline (`is_matter`).
"""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, select

from core.clock import utcnow
from feedback.outreach.models import Campaign, PollAnswer, PollComment
from router import kinds
from router.identity.models import Citizen

MAX_OPTIONS = 9  # one keypad digit each
# Kinds of matter a reply to a consultation is opened as a case for, when its own words say so (cues found):
# a question, a request for help, a complaint, a report. An opinion, a suggestion or praise is feedback.
MATTERS = (kinds.CONSULTATION, kinds.HELP_REQUEST, kinds.COMPLAINT, kinds.REPORT)
COMMENT_LENGTH = 2000


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


def is_matter(text: str) -> bool:
    """Tell whether a free-text reply reads as a question or complaint to open a case for (not an opinion)."""
    guess = kinds.classify(text)
    return bool(guess.cues) and guess.kind in MATTERS


def comment(
    session: Session, campaign: Campaign, citizen: Citizen, text: str, channel: str, interaction_id: int | None
) -> PollComment:
    """Record a free-text answer to a consultation as a feedback item on the notice."""
    row = PollComment(
        campaign_id=campaign.id or 0, citizen_id=citizen.id or 0, text=text.strip()[:COMMENT_LENGTH],
        township=citizen.township, age_group=citizen.age_group, channel=channel, interaction_id=interaction_id,
    )  # fmt: skip
    session.add(row)
    return row


def comments(session: Session, campaign_id: int) -> list[PollComment]:
    """Return a consultation's feedback items, oldest first."""
    query = select(PollComment).where(PollComment.campaign_id == campaign_id).order_by(PollComment.id)  # type: ignore[arg-type]
    return list(session.exec(query))
