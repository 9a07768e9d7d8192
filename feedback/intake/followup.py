"""Inbound steps that move a case on when the citizen writes: survey answers, reopening, ending a wait.

Order in `feedback.intake.steps.STEPS`: `answer_survey`, `reopen_resolved`,
`end_wait_for_citizen`, all before `opening.open_or_join` (which only looks at
open cases and attaches the message).
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from core.clock import utcnow
from feedback.cases import lifecycle, opening
from feedback.cases.models import Case
from feedback.intake.context import InboundContext
from feedback.surveys import reading, satisfaction


def answer_survey(ctx: InboundContext) -> bool:
    """Take a citizen's reply as the answer to their pending survey, or explain how to answer."""
    text = ctx.contact.text
    if reading.is_reopen_request(text):
        return False  # the reopen step handles it
    survey = ctx.pending_survey()
    if survey is None:
        return False
    case = ctx.session.get(Case, survey.case_id)
    if case is None or case.status not in ("resolved", "closed"):
        return False  # the case was reopened meanwhile: the message belongs to it
    answer = reading.parse(text)
    if answer is None:
        return _help(ctx, survey, case)
    ctx.contact.case_id = case.id
    flagged = satisfaction.record(ctx.session, survey, answer, text, ctx.contact.channel)
    key = "survey_thanks_unhappy" if flagged else "survey_thanks"
    ctx.reply(ctx.case_text(key, case), "survey_reply", case)
    return True


def _help(ctx: InboundContext, survey, case: Case) -> bool:
    # Short nonsense gets a hint; anything long, or after two hints, is a real message.
    if len(ctx.contact.text.strip()) > reading.MAX_SHORT_ANSWER or survey.help_replies >= reading.MAX_HELP_REPLIES:
        return False
    survey.help_replies += 1
    ctx.session.add(survey)
    ctx.contact.case_id = case.id
    ctx.reply(ctx.case_text("survey_help", case), "survey_help", case)
    return True


def reopen_resolved(ctx: InboundContext) -> bool:
    """Reopen the citizen's recently resolved case instead of opening a new one (within REOPEN_WINDOW_DAYS)."""
    session = ctx.session
    if ctx.open_case() is not None:
        return False
    case = ctx.facts.resolved_case if ctx.facts is not None else _recently_resolved(ctx)
    if case is None:
        return False
    why = "the citizen asked to reopen" if reading.is_reopen_request(ctx.contact.text) else "the citizen wrote again"
    lifecycle.transition(session, case, "in_progress", "citizen", why)
    opening.attach(session, case, ctx.contact, joined=True)
    ctx.reply(ctx.case_text("case_reopened", case), "acknowledgement", case)
    return True


def _recently_resolved(ctx: InboundContext) -> Case | None:
    since = utcnow() - timedelta(days=ctx.settings.reopen_window_days)
    return ctx.session.exec(
        select(Case)
        .where(Case.citizen_id == ctx.citizen.id, Case.status == "resolved", col(Case.resolved_at) >= since)
        .order_by(col(Case.resolved_at).desc())
    ).first()


def end_wait_for_citizen(ctx: InboundContext) -> bool:
    """Put a case that was waiting on the citizen back in progress (its clocks run again); never handles the contact."""
    case = ctx.open_case()
    if case is not None and case.status == "waiting_on_citizen":
        lifecycle.transition(ctx.session, case, "in_progress", "citizen", "the citizen replied")
    return False  # open_or_join attaches the message and acknowledges it
