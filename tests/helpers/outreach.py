"""Outreach for the tests: citizens with profiles and addresses, a saved segment, and a notice ready to send."""

from __future__ import annotations

from sqlmodel import Session, select

from feedback.outreach import campaigns
from feedback.outreach.models import Campaign, CampaignRecipient, CitizenTag, Segment
from router.identity import recognise


def citizen(runtime, urn: str, language: str = "zh", tags: tuple[str, ...] = (), **profile) -> int:
    """Create (or find) the citizen behind an address, with profile fields and tags; return their id."""
    with runtime.session() as session:
        person, _ = recognise.resolve(session, urn, language)
        person.language = language
        for key, value in profile.items():
            setattr(person, key, value)
        session.add(person)
        session.flush()
        for tag in tags:
            session.add(CitizenTag(citizen_id=person.id, tag=tag))
        return person.id


def segment(runtime, name: str = "Township", **criteria) -> int:
    """Save a segment with these criteria; return its id."""
    with runtime.session() as session:
        saved = Segment(name=name, criteria=criteria, created_by="lead")
        session.add(saved)
        session.flush()
        return saved.id


def approved_notice(runtime, segment_id: int, text_zh: str = "{name}您好：{township}周五停水。",
                    text_en: str = "Dear {name}: water is off in {township} on Friday.", **form) -> int:  # fmt: skip
    """Write a notice as 'author' and approve it as 'approver'; return its id."""
    with runtime.session() as session:
        notice = Campaign(title="停水通知", segment_id=segment_id, created_by="author")
        fields = {"title": "停水通知", "segment_id": segment_id, "text_zh": text_zh, "text_en": text_en, **form}
        campaigns.write(session, notice, fields, "author")
        campaigns.approve(session, notice, "approver")
        return notice.id


def recipients(runtime, campaign_id: int) -> list[CampaignRecipient]:
    """Return a notice's recipient rows, in order."""
    with Session(runtime.engine) as session:
        query = select(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign_id)
        return list(session.exec(query.order_by(CampaignRecipient.id)))
