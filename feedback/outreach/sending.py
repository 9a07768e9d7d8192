"""Sending a notice: claim recipients, wait for the pace, ask consent again, send through the channel, record.

A recipient is claimed ('sending', with the time) in one short transaction.
Just before its message goes, the citizen's consent is read again, and the
outbound `Interaction` row is written, so delivery reports find it. The send
itself runs outside any transaction. A worker killed after claiming leaves a
'sending' recipient; `recover` asks the provider whether the message got there
(where the channel can ask) and otherwise marks it failed rather than risk a
second copy: the unique (notice, citizen) row is what makes "once" checkable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlmodel import Session

from channels import registry
from channels.base import Channel, ChannelError, OutboundMessage
from channels.models import DELIVERED, FAILED, OUTBOUND, SENDING, SENT, UNDELIVERABLE, Interaction
from channels.voice.polls import OPTIONS as POLL_OPTIONS
from core import localtime, pacing
from core.clock import utcnow
from core.config import Settings, quiet_hours
from core.db import id_of, read_only, table_of
from core.runtime import Runtime
from feedback.answers.delivery import FELL_BACK
from feedback.outreach import consent, links, wording
from feedback.outreach.models import (
    DONE,
    R_FAILED,
    R_OPTED_OUT,
    R_QUEUED,
    R_SENDING,
    R_SENT,
    Campaign,
    CampaignRecipient,
)
from feedback.outreach.models import (
    SENDING as CAMPAIGN_SENDING,
)
from feedback.outreach.texts import TEXTS
from router.identity.models import Citizen

log = logging.getLogger(__name__)
PURPOSE = "notice"
LEASE = timedelta(minutes=10)  # a claimed recipient not sent by then was held by a worker that died
BACKOFF_SECONDS = (5, 30, 120, 600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
QUIET = ("sms", "voice")  # what waits out the quiet hours: a phone that rings or buzzes at night


@dataclass(frozen=True)
class Claimed:
    """A recipient claimed for sending."""

    id: int
    campaign_id: int
    citizen_id: int
    urn: str
    channel: str
    attempts: int


def buckets(settings: Settings, channel: str, urn: str) -> list[pacing.Bucket]:
    """Return the allowances one message on a channel uses (Telegram: the bot's and the chat's)."""
    if channel == "sms":
        sender = settings.twilio_messaging_service_sid or settings.twilio_from_number or "sms"
        return [pacing.Bucket(f"sms:{sender}", settings.outreach_sms_per_second)]
    if channel == "telegram":
        rate = settings.outreach_telegram_per_second
        return [
            pacing.Bucket("telegram", rate, burst=rate),
            pacing.Bucket(f"telegram:{urn}", settings.outreach_telegram_chat_per_second),
        ]
    if channel == "voice":
        caller = settings.twilio_from_number or "voice"
        return [pacing.Bucket(f"voice:{caller}", settings.outreach_voice_per_second)]
    return [pacing.Bucket(channel, settings.outreach_email_per_second)]


def is_quiet(settings: Settings, now: datetime) -> bool:
    """Tell whether SMS notices must wait: the hotline's clock is in the quiet hours."""
    hours = quiet_hours(settings.outreach_quiet_hours)
    if hours is None:
        return False
    hour = localtime.local(now, localtime.zone(settings.hotline_timezone)).hour
    start, end = hours
    return start <= hour or hour < end if start > end else start <= hour < end


def claim(runtime: Runtime, limit: int) -> list[Claimed]:
    """Mark up to `limit` due recipients of sending notices as 'sending'; SMS waits out the quiet hours."""
    now = utcnow()
    table, campaigns = table_of(CampaignRecipient), table_of(Campaign)
    due = _due(runtime.settings, now)
    with runtime.session() as session:
        rows = session.execute(
            select(table.c.id, table.c.campaign_id, table.c.citizen_id, table.c.urn, table.c.channel, table.c.attempts)
            .join(campaigns, campaigns.c.id == table.c.campaign_id)
            .where(*due)
            .order_by(table.c.id)
            .limit(limit)
            .with_for_update(of=table, skip_locked=True)
        ).all()
        if rows:
            session.execute(
                update(table)
                .where(table.c.id.in_([r.id for r in rows]), table.c.status == R_QUEUED)
                .values(status=R_SENDING, claimed_at=now, attempts=table.c.attempts + 1)
            )
    return [Claimed(r.id, r.campaign_id, r.citizen_id, r.urn, r.channel, r.attempts + 1) for r in rows]


def _due(settings: Settings, now: datetime) -> list:
    """Return the conditions of a recipient that may be sent now (SMS waits out the quiet hours)."""
    table, campaigns = table_of(CampaignRecipient), table_of(Campaign)
    due = [
        campaigns.c.status == CAMPAIGN_SENDING,
        table.c.status == R_QUEUED,
        or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= now),
    ]
    if is_quiet(settings, now):
        due.append(or_(table.c.channel.not_in(QUIET), campaigns.c.urgent.is_(True)))
    return due


def release(runtime: Runtime, items: list[Claimed]) -> None:
    """Hand claimed recipients back untried (the pace or the drain's time ran out, or the notice was paused)."""
    if not items:
        return
    table = table_of(CampaignRecipient)
    with runtime.session() as session:
        session.execute(
            update(table)
            .where(table.c.id.in_([i.id for i in items]), table.c.status == R_SENDING)
            .values(status=R_QUEUED, claimed_at=None, attempts=table.c.attempts - 1)
        )


def send_one(runtime: Runtime, item: Claimed, within: float) -> str:
    """Send one claimed recipient's copy at the allowed pace; return what became of it."""
    if not pacing.take(runtime.redis, buckets(runtime.settings, item.channel, item.urn), within):
        release(runtime, [item])
        return "waiting"
    channel = registry.get(runtime.channels, item.channel)
    with runtime.session() as session:
        prepared = _prepare(session, runtime, item, channel)
    if isinstance(prepared, str):
        if prepared == "held":
            release(runtime, [item])
        return prepared
    assert channel is not None
    try:
        external_id = channel.send(prepared)
    except ChannelError as exc:
        return _failed(runtime, item, prepared.interaction_id, exc)
    _sent(runtime, item, prepared.interaction_id, external_id, channel.accepted_is_delivered)
    return "sent"


def _prepare(session: Session, runtime: Runtime, item: Claimed, channel: Channel | None) -> OutboundMessage | str:
    """Check the notice still sends and the citizen still consents, and write the outbound row."""
    campaign = session.get(Campaign, item.campaign_id)
    recipient = session.get(CampaignRecipient, item.id)
    citizen = session.get(Citizen, item.citizen_id)
    if campaign is None or recipient is None or campaign.status != CAMPAIGN_SENDING:
        return "held"  # paused or cancelled since the claim
    if citizen is None or citizen.opted_out_at is not None:
        recipient.status, recipient.error = R_OPTED_OUT, None
        session.add(recipient)
        return "opted_out"
    if channel is None:
        recipient.status, recipient.error = R_FAILED, f"channel {item.channel} is not configured"
        session.add(recipient)
        return "failed"
    language = citizen.language or runtime.settings.default_language
    text, options = compose(runtime.settings, campaign, citizen, language, item, channel)
    message = session.get(Interaction, recipient.interaction_id) if recipient.interaction_id else None
    if message is None:
        # A notice is not retried on the citizen's other addresses (the notice chose this one): marked as handled.
        message = Interaction(direction=OUTBOUND, channel=item.channel, urn=item.urn, citizen_id=item.citizen_id,
                              purpose=PURPOSE, text=text, status=SENDING, payload={FELL_BACK: True})  # fmt: skip
    message.status, message.attempts, message.next_attempt_at = SENDING, item.attempts, None
    session.add(message)
    session.flush()
    recipient.interaction_id = id_of(message)
    session.add(recipient)
    return OutboundMessage(id_of(message), item.urn, text, options, purpose=PURPOSE, language=language)


def compose(
    settings: Settings, campaign: Campaign, citizen: Citizen, language: str, item: Claimed, channel: Channel
) -> tuple[str, dict]:
    """Write one citizen's copy, with the channel's way to opt out: a reply word, a button or a link."""
    template = (campaign.text_en or campaign.text_zh) if language == "en" else (campaign.text_zh or campaign.text_en)
    text = wording.render(template, citizen, language)
    if item.channel == "sms":
        return wording.sms_copy(wording.with_options(text, campaign.options, language), language), {}
    if item.channel == "voice":  # read out in a call; the options become keys (channels.voice.polls)
        return text, {POLL_OPTIONS: list(campaign.options)}
    if item.channel == "email":
        footer = TEXTS.say("email_footer", language, link=links.unsubscribe_url(settings, item.urn))
        return f"{wording.with_options(text, campaign.options, language)}\n\n{footer}", {}
    # Telegram: a consultation's options are buttons (a press sends its number), then the stop button.
    choices = {str(number): f"{number}. {label}" for number, label in enumerate(campaign.options, 1)}
    return text, channel.buttons({**choices, "/stop": TEXTS.say("stop_button", language)}, stacked=bool(choices))


def _sent(runtime: Runtime, item: Claimed, interaction_id: int, external_id: str, delivered: bool) -> None:
    now = utcnow()
    with runtime.session() as session:
        session.execute(
            update(table_of(Interaction))
            .where(table_of(Interaction).c.id == interaction_id, table_of(Interaction).c.status == SENDING)
            .values(
                status=DELIVERED if delivered else SENT,
                external_id=external_id,
                sent_at=now,
                delivered_at=now if delivered else None,
                error=None,
            )
        )
        session.execute(
            update(table_of(CampaignRecipient))
            .where(table_of(CampaignRecipient).c.id == item.id)
            .values(status=R_SENT, sent_at=now, error=None)
        )


def _failed(runtime: Runtime, item: Claimed, interaction_id: int, exc: ChannelError) -> str:
    log.warning("notice %s to recipient %s failed: %s", item.campaign_id, item.id, exc.message)
    now, outcome = utcnow(), "failed"
    values: dict = {"status": R_FAILED, "error": exc.message}
    if exc.opted_out:
        values, outcome = {"status": R_OPTED_OUT, "error": exc.message}, "opted_out"
    elif not exc.permanent and item.attempts < MAX_ATTEMPTS:
        delay = exc.retry_after or BACKOFF_SECONDS[item.attempts - 1]
        # The provider asked everyone to slow down: every worker waits, not only this message.
        pacing.block(runtime.redis, buckets(runtime.settings, item.channel, item.urn)[0], delay)
        values = {"status": R_QUEUED, "error": exc.message, "next_attempt_at": now + timedelta(seconds=delay)}
        outcome = "retry"
    with runtime.session() as session:
        status = FAILED if outcome == "retry" else UNDELIVERABLE
        session.execute(
            update(table_of(Interaction))
            .where(table_of(Interaction).c.id == interaction_id)
            .values(status=status, error=exc.message)
        )
        session.execute(update(table_of(CampaignRecipient)).where(table_of(CampaignRecipient).c.id == item.id)
                        .values(**values))  # fmt: skip
        if exc.opted_out:
            consent.provider_opt_out(session, item.urn, item.channel)
    return outcome


def recover(runtime: Runtime) -> int:
    """Settle recipients whose worker died mid-send: sent if the provider has the message, else never twice."""
    table = table_of(CampaignRecipient)
    with runtime.session() as session:
        stale = session.execute(
            select(table.c.id, table.c.interaction_id).where(
                table.c.status == R_SENDING, table.c.claimed_at < utcnow() - LEASE
            )
        ).all()
        for recipient_id, interaction_id in stale:
            _settle(session, runtime, recipient_id, interaction_id)
    return len(stale)


def _settle(session: Session, runtime: Runtime, recipient_id: int, interaction_id: int | None) -> None:
    recipient = session.get(CampaignRecipient, recipient_id)
    message = session.get(Interaction, interaction_id) if interaction_id else None
    assert recipient is not None
    if message is None:  # never got as far as writing its message: safe to send
        recipient.status, recipient.claimed_at = R_QUEUED, None
    elif message.external_id:
        recipient.status, recipient.sent_at = R_SENT, message.sent_at or utcnow()
    else:
        found = _ask_provider(runtime, message)
        if found:
            message.status, message.external_id, message.sent_at = SENT, found, utcnow()
            recipient.status, recipient.sent_at = R_SENT, utcnow()
        elif found == "":  # the provider surely has not got it: it goes again
            message.status, recipient.status, recipient.claimed_at = FAILED, R_QUEUED, None
        else:
            message.status = UNDELIVERABLE
            recipient.status = R_FAILED
            recipient.error = "the sender stopped mid-send and the provider cannot say: not sent again"
        session.add(message)
    session.add(recipient)


def _ask_provider(runtime: Runtime, message: Interaction) -> str | None:
    """Return the provider's id if it has the message, "" if it surely has not, None when it cannot tell."""
    channel = registry.get(runtime.channels, message.channel)
    if channel is None or type(channel).already_sent is Channel.already_sent:
        return None
    outbound = OutboundMessage(id_of(message), message.urn, message.text, purpose=PURPOSE, queued_at=message.created_at)
    table = table_of(Interaction)
    with read_only(runtime.engine) as connection:  # ids other messages to the address own: not this one
        taken = frozenset(
            connection.execute(
                select(table.c.external_id).where(
                    table.c.urn == message.urn, table.c.direction == OUTBOUND, table.c.external_id.is_not(None)
                )
            ).scalars()
        )
    try:
        return channel.already_sent(outbound, taken) or ""
    except ChannelError:
        return None


def finish(runtime: Runtime) -> int:
    """Mark sending notices with nothing left to send as done; return how many."""
    table, campaigns = table_of(CampaignRecipient), table_of(Campaign)
    pending = (
        select(table.c.id)
        .where(table.c.campaign_id == campaigns.c.id, table.c.status.in_((R_QUEUED, R_SENDING)))
        .exists()
    )
    with runtime.session() as session:
        return session.execute(
            update(campaigns)
            .where(campaigns.c.status == CAMPAIGN_SENDING, ~pending)
            .values(status=DONE, finished_at=utcnow())
        ).rowcount


def waiting(runtime: Runtime) -> int:
    """Count recipients of sending notices that may be sent now (not those held by quiet hours or a back-off)."""
    table, campaigns = table_of(CampaignRecipient), table_of(Campaign)
    with runtime.session() as session:
        return session.execute(
            select(func.count())
            .select_from(table)
            .join(campaigns, campaigns.c.id == table.c.campaign_id)
            .where(*_due(runtime.settings, utcnow()))
        ).scalar_one()
