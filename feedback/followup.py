"""Inbound steps that move a case on when the citizen writes: survey answers, reopening, ending a wait.

Order in `jobs.inbound.STEPS`: `answer_survey`, `reopen_resolved`,
`end_wait_for_citizen`, all before `intake_case.open_or_join` (which only
looks at open cases and attaches the message).
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from core.clock import utcnow
from feedback import cases, lifecycle, messages, surveys
from feedback.models import Case
from jobs.context import InboundContext
from staff.models import Department


def answer_survey(ctx: InboundContext) -> bool:
    """Take a citizen's reply as the answer to their pending survey, or explain how to answer."""
    text = ctx.contact.text
    if surveys.is_reopen_request(text):
        return False  # the reopen step handles it
    survey = ctx.pending_survey()
    if survey is None:
        return False
    case = ctx.session.get(Case, survey.case_id)
    if case is None or case.status not in ("resolved", "closed"):
        return False  # the case was reopened meanwhile: the message belongs to it
    answer = surveys.parse(text)
    if answer is None:
        return _help(ctx, survey, case)
    ctx.contact.case_id = case.id
    flagged = surveys.record(ctx.session, survey, answer, text, ctx.contact.channel)
    key = "survey_thanks_unhappy" if flagged else "survey_thanks"
    ctx.reply(_render(ctx, key, case), "survey_reply", case)
    return True


def _help(ctx: InboundContext, survey, case: Case) -> bool:
    # Short nonsense gets a hint; anything long, or after two hints, is a real message.
    if len(ctx.contact.text.strip()) > surveys.MAX_SHORT_ANSWER or survey.help_replies >= surveys.MAX_HELP_REPLIES:
        return False
    survey.help_replies += 1
    ctx.session.add(survey)
    ctx.contact.case_id = case.id
    ctx.reply(_render(ctx, "survey_help", case), "survey_help", case)
    return True


def reopen_resolved(ctx: InboundContext) -> bool:
    """Reopen the citizen's recently resolved case instead of opening a new one (within REOPEN_WINDOW_DAYS)."""
    session = ctx.session
    if ctx.open_case() is not None:
        return False
    case = ctx.facts.resolved_case if ctx.facts is not None else _recently_resolved(ctx)
    if case is None:
        return False
    why = "the citizen asked to reopen" if surveys.is_reopen_request(ctx.contact.text) else "the citizen wrote again"
    lifecycle.transition(session, case, "in_progress", "citizen", why)
    cases.attach(session, case, ctx.contact, joined=True)
    ctx.reply(_render(ctx, "case_reopened", case), "acknowledgement", case)
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


def _render(ctx: InboundContext, key: str, case: Case) -> str:
    department = ctx.session.get(Department, case.department_id)
    return messages.render(
        key,
        ctx.language,
        hotline=ctx.settings.hotline_name,
        reference=case.reference,
        department=department.name(ctx.language) if department else "",
    )
