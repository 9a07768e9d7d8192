"""What a notice's SMS copies cost before it is sent: segments × reachable SMS recipients × the segment price.

Reachable SMS recipients are the segment's citizens whom the notice would reach by SMS on its channel (each
one's preferred reachable channel, or SMS only) and who have not opted out; each reads the text of their own
language, with the consultation's options and the opt-out line, as `sending.compose` writes it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from core.db import table_of
from feedback.outreach import campaigns, segments, wording
from feedback.outreach.models import Campaign
from router.identity.models import Citizen


@dataclass(frozen=True)
class SmsCost:
    recipients: int  # reachable SMS recipients
    parts: dict[str, int]  # SMS segments of one copy, per language written
    total_segments: int
    cost: float


def estimate(
    session: Session, criteria: dict, channel: str, texts: dict[str, str], options: list[str], price: float,
    default_language: str,
) -> SmsCost:  # fmt: skip
    """Return the SMS recipients, segments and cost of a notice with these texts to a segment."""
    probe = Campaign(title="", segment_id=0, created_by="", channel=channel, options=options)  # calls are no SMS
    by_sms = {row["citizen_id"] for row in campaigns.addresses(session, probe, criteria) if row["channel"] == "sms"}
    citizens = table_of(Citizen)
    ids = segments.citizen_ids(criteria).subquery()
    rows = session.execute(
        select(citizens.c.id, citizens.c.language)
        .where(citizens.c.id.in_(select(ids.c.id)), citizens.c.opted_out_at.is_(None))
    )  # fmt: skip
    languages = Counter(
        "en" if (language or default_language) == "en" else "zh"
        for citizen_id, language in rows
        if citizen_id in by_sms
    )
    parts: dict[str, int] = {}
    for language in ("zh", "en"):
        text = (texts.get("en") or texts.get("zh")) if language == "en" else (texts.get("zh") or texts.get("en"))
        if text:
            copy = wording.sms_copy(wording.with_options(text, options, language), language)
            parts[language] = wording.sms_segments(copy)
    total = sum(parts.get(language, 0) * count for language, count in languages.items())
    return SmsCost(sum(languages.values()), parts, total, round(total * price, 2))
