"""Replies to a notice: an acknowledgement ("收到", "ok") is recorded against the notice and answered with
nothing; to a consultation, a digit is an answer and other words are a feedback item on the notice, unless
they read as a question or complaint; anything else is noted on the notice too and goes on to the steps that
open a case, so a question about a notice is never lost."""

from __future__ import annotations

from core.clock import utcnow
from core.db import id_of
from feedback.intake.context import InboundContext
from feedback.intake.courtesy import is_courtesy
from feedback.outreach import phone_polls, polls, replies
from feedback.outreach.models import Campaign
from feedback.outreach.texts import TEXTS


def take_reply(ctx: InboundContext) -> bool:
    """Record a reply to a recent notice; handle it here only when it is an acknowledgement."""
    now = utcnow()
    recipient = replies.latest_notice(ctx.session, id_of(ctx.citizen), now, ctx.settings.outreach_reply_hours)
    if recipient is None:
        return False
    campaign = ctx.session.get(Campaign, recipient.campaign_id)
    choice = polls.choice_of(campaign, ctx.contact.text) if campaign is not None and campaign.options else None
    if campaign is not None and choice is not None:
        polls.answer(ctx.session, campaign, ctx.citizen, choice, ctx.contact.channel)
        replies.record(ctx.session, recipient, replies.ANSWER, ctx.contact.id, now)
        label = f"{choice}. {campaign.options[choice - 1]}"
        ctx.reply(TEXTS.say("poll_recorded", ctx.language, choice=label), "poll_answer")
        return True
    acknowledged = is_courtesy(ctx.contact.text)
    opinion = not acknowledged and ctx.contact.text.strip() and not polls.is_matter(ctx.contact.text)
    if campaign is not None and campaign.options and opinion:
        polls.comment(ctx.session, campaign, ctx.citizen, ctx.contact.text, ctx.contact.channel, ctx.contact.id)
        replies.record(ctx.session, recipient, replies.COMMENT, ctx.contact.id, now)
        ctx.reply(TEXTS.say("poll_comment_recorded", ctx.language), "poll_comment")
        return True
    replies.record(ctx.session, recipient, replies.ACK if acknowledged else replies.CASE, ctx.contact.id, now)
    return acknowledged


def take_keyed_answer(ctx: InboundContext) -> bool:
    """Record the key a citizen pressed on a consultation call, or that they pressed none (confirmed on the call)."""
    answers = ctx.understood.answers or 0
    outcome = phone_polls.record_key(ctx.session, answers, ctx.citizen, ctx.contact.text.strip(), ctx.contact.id)
    if outcome is None:
        ctx.contact.error = "a key for a call that is not a consultation of this citizen's"
    return True
