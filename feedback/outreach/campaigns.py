"""A notice's life: written, approved by a second person, started (now or at a set time), paused, cancelled.

Starting writes one recipient row per citizen of the segment (unique per notice and citizen) with the
address it will go to: the channel the notice chose, or the citizen's preferred reachable one. Whether the
citizen still wants notices is asked again when each is sent (feedback.outreach.sending).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import insert, select
from sqlmodel import Session, col

from core.clock import utcnow
from core.db import table_of
from core.refusal import Refusal
from feedback.outreach import polls, segments, wording
from feedback.outreach.models import (
    APPROVED,
    CANCELLED,
    DONE,
    DRAFT,
    PAUSED,
    R_QUEUED,
    R_SKIPPED,
    SCHEDULED,
    SENDING,
    Campaign,
    CampaignRecipient,
    Segment,
)
from router.identity.models import Citizen, Identity

CHANNELS = ("preferred", "sms", "telegram", "email", "voice")  # voice: a consultation read out in a call
# The channel a citizen with several addresses is reached on when they named none: SMS reaches basic phones.
PREFERENCE = ("sms", "telegram", "email")
SCHEME_CHANNEL = {"tel": "sms", "telegram": "telegram", "mailto": "email"}
EDITABLE = (DRAFT, APPROVED)
INSERT_CHUNK = 5000


class CampaignRefused(Refusal):
    """A change to a notice that cannot be made; nothing changed."""


def write(session: Session, campaign: Campaign, form: dict, actor: str) -> Campaign:
    """Create or change a notice from a form; a change takes its approval away. Raise CampaignRefused/WordingRefused."""
    if campaign.id is not None and campaign.status not in EDITABLE:
        raise CampaignRefused("a notice that is %(status)s cannot be edited", status=campaign.status)
    title, text_zh, text_en = (str(form.get(k) or "").strip() for k in ("title", "text_zh", "text_en"))
    if not title:
        raise CampaignRefused("give the notice a title")
    if not text_zh and not text_en:
        raise CampaignRefused("write the notice's text")
    channel = str(form.get("channel") or "preferred")
    if channel not in CHANNELS:
        raise CampaignRefused("unknown channel %(channel)s", channel=channel)
    segment = session.get(Segment, int(form.get("segment_id") or 0) or 0)
    if segment is None:
        raise CampaignRefused("choose a segment")
    for text in (text_zh, text_en):
        wording.check(text)
    options = polls.read_options(str(form.get("options") or ""))
    if len(options) > polls.MAX_OPTIONS:
        raise CampaignRefused("a consultation has at most %(most)d options", most=polls.MAX_OPTIONS)
    if channel == "voice" and not options:
        raise CampaignRefused("only a consultation (with options) can go by phone call: its options are keys")
    long_ok = bool(form.get("long_ok"))
    if channel in ("preferred", "sms") and not long_ok:
        parts = max(
            wording.sms_segments(wording.sms_copy(wording.with_options(text, options, lang), lang))
            for text, lang in ((text_zh, "zh"), (text_en, "en"))
        )
        if parts > 1:
            raise CampaignRefused(
                "as an SMS the text takes %(parts)d segments, each charged: shorten it, or accept %(parts)d segments",
                parts=parts,
            )
    campaign.title, campaign.text_zh, campaign.text_en = title[:200], text_zh, text_en
    campaign.channel, campaign.segment_id, campaign.long_ok = channel, segment.id or 0, long_ok
    campaign.urgent, campaign.options = bool(form.get("urgent")), options
    if campaign.id is None:
        campaign.created_by = actor
    campaign.status, campaign.approved_by, campaign.approved_at = DRAFT, None, None
    session.add(campaign)
    session.flush()
    return campaign


def approve(session: Session, campaign: Campaign, actor: str) -> None:
    """Approve a draft as the second person; its author may not."""
    if campaign.status != DRAFT:
        raise CampaignRefused("only a draft can be approved; this notice is %(status)s", status=campaign.status)
    if actor == campaign.created_by:
        raise CampaignRefused("a notice needs a second person's approval: its author cannot approve it")
    campaign.status, campaign.approved_by, campaign.approved_at = APPROVED, actor, utcnow()
    session.add(campaign)


def start(session: Session, campaign: Campaign, send_at: datetime | None = None) -> int:
    """Send an approved notice now (queue its recipients) or at `send_at`; return how many are queued."""
    if campaign.status != APPROVED:
        raise CampaignRefused("a notice must be approved before it is sent; this one is %(status)s",
                              status=campaign.status)  # fmt: skip
    segment = session.get(Segment, campaign.segment_id)
    if segment is None or segments.count(session, segment.criteria)["reachable"] == 0:
        raise CampaignRefused("the segment has nobody to send to")
    if send_at is not None and send_at > utcnow():
        campaign.status, campaign.send_at = SCHEDULED, send_at
        session.add(campaign)
        return 0
    return begin(session, campaign)


def begin(session: Session, campaign: Campaign) -> int:
    """Write the recipients of an approved or scheduled notice and mark it sending; return how many go."""
    segment = session.get(Segment, campaign.segment_id)
    criteria = segment.criteria if segment is not None else {"id": -1}
    table, written = table_of(CampaignRecipient), 0
    for chunk in _chunks(addresses(session, campaign, criteria)):
        session.execute(insert(table), chunk)
        written += len(chunk)
    campaign.status, campaign.started_at, campaign.recipients = SENDING, utcnow(), written
    session.add(campaign)
    return written


def addresses(session: Session, campaign: Campaign, criteria: dict) -> Iterator[dict]:
    """Yield one recipient row per citizen, with the address the notice goes to (none: skipped)."""
    citizens, identities = table_of(Citizen), table_of(Identity)
    ids = segments.citizen_ids(criteria).subquery()
    rows = session.execute(
        select(citizens.c.id, citizens.c.preferred_channel, identities.c.scheme, identities.c.urn)
        .select_from(citizens)
        .outerjoin(identities, identities.c.citizen_id == citizens.c.id)
        .where(citizens.c.id.in_(select(ids.c.id)))
        .order_by(citizens.c.id, identities.c.id)
    )
    current, preferred = None, None
    reachable: dict[str, str] = {}
    for citizen_id, preferred_channel, scheme, urn in rows:
        if citizen_id != current:
            if current is not None:
                yield _row(campaign, current, reachable, preferred)
            current, reachable, preferred = citizen_id, {}, preferred_channel
        kind = SCHEME_CHANNEL.get(scheme or "")
        if kind is not None:
            reachable.setdefault(kind, urn)
    if current is not None:
        yield _row(campaign, current, reachable, preferred)


def _row(campaign: Campaign, citizen_id: int, reachable: dict[str, str], preferred: str | None) -> dict:
    if "sms" in reachable and (campaign.channel == "voice" or (preferred == "voice" and campaign.options)):
        reachable = {**reachable, "voice": reachable["sms"]}  # a phone is called: a consultation by keypad
        preferred = "voice"
    if campaign.channel != "preferred":
        kind = campaign.channel if campaign.channel in reachable else None
    else:
        order = ([preferred] if preferred in reachable else []) + list(PREFERENCE)
        kind = next((k for k in order if k in reachable), None)
    return {
        "campaign_id": campaign.id,
        "citizen_id": citizen_id,
        "urn": reachable.get(kind, "") if kind else "",
        "channel": kind or "",
        "status": R_QUEUED if kind else R_SKIPPED,
        "attempts": 0,
        "error": None if kind else "no address on the notice's channel",
    }


def _chunks(rows: Iterator[dict]) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= INSERT_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def pause(session: Session, campaign: Campaign) -> None:
    """Stop sending after the messages in hand; resume sends the rest."""
    if campaign.status != SENDING:
        raise CampaignRefused("only a notice that is sending can be paused")
    campaign.status = PAUSED
    session.add(campaign)


def resume(session: Session, campaign: Campaign) -> None:
    """Carry on sending a paused notice."""
    if campaign.status != PAUSED:
        raise CampaignRefused("only a paused notice can be resumed")
    campaign.status = SENDING
    session.add(campaign)


def cancel(session: Session, campaign: Campaign) -> None:
    """Send nothing more of a notice; what went stays in its report."""
    if campaign.status in (DONE, CANCELLED):
        raise CampaignRefused("the notice is already %(status)s", status=campaign.status)
    campaign.status, campaign.finished_at = CANCELLED, utcnow()
    session.add(campaign)


def due(session: Session, now: datetime) -> list[Campaign]:
    """Return scheduled notices whose time has come."""
    query = select(Campaign).where(col(Campaign.status) == SCHEDULED, col(Campaign.send_at) <= now)
    return list(session.scalars(query))
