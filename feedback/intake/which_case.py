"""A citizen with several open cases writes again: which case is the message about?

When exactly one of them is waiting on the citizen, the message is its answer.
Otherwise the citizen is asked, in one short message listing the cases, to
reply with a reference (or "新" / NEW for a new matter); the message waits,
on no case, until they do. Urgent messages are never held back by the question.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from sqlmodel import col, select

from channels.models import INBOUND, Interaction
from core.clock import utcnow
from feedback.cases import opening
from feedback.cases.models import Case
from feedback.cases.statuses import WAITING_ON_CITIZEN
from feedback.intake import opening as opening_step
from feedback.intake.context import InboundContext
from feedback.texts import TEXTS
from router import priority

AWAITING = "awaiting_choice"  # payload flag of a contact held until the citizen says which case it is about
LISTED = 5  # open cases named in the question
HELD_FOR = timedelta(days=2)  # a question unanswered this long is forgotten; the message stays on record
NEW_WORDS = {"新", "新的", "新诉求", "新问题", "new", "new case", "new matter"}
_REFERENCE = re.compile(r"\d{9}")
_EDGES = re.compile(r"^[\s\W_]+|[\s\W_]+$")


def choose_case(ctx: InboundContext) -> bool:
    """With several open cases, pick the one waiting on the citizen, or ask which; handles only when it asks."""
    cases = [] if ctx.is_shared_address() else ctx.open_cases()
    if len(cases) < 2:
        return False
    waiting = [case for case in cases if case.status == WAITING_ON_CITIZEN]
    if len(waiting) == 1:
        ctx.chosen_case = waiting[0]
        return False  # the later steps end the wait, attach the message and acknowledge it
    if priority.assess(ctx.contact.text).level == priority.URGENT:
        return False  # the number to ring comes first; an agent sorts out which case later
    ctx.contact.payload = {**(ctx.contact.payload or {}), AWAITING: True}
    ctx.session.add(ctx.contact)
    lines = TEXTS.say("line_separator", ctx.language).join(
        TEXTS.say("which_case_line", ctx.language, reference=case.reference, summary=_short(case.summary))
        for case in cases[:LISTED]
    )
    ctx.reply(TEXTS.say("which_case", ctx.language, hotline=ctx.settings.hotline_name, lines=lines), "which_case")
    return True


def take_choice(ctx: InboundContext) -> bool:
    """Take a reference or "新" sent after the question: file the held messages there; leave anything else alone."""
    answer = _EDGES.sub("", priority.normalise(ctx.contact.text)).replace(" ", "")
    wants_new = answer in {w.replace(" ", "") for w in NEW_WORDS}
    if not (wants_new or _REFERENCE.fullmatch(answer)):
        return False
    held = _held(ctx)
    if not held:
        return False
    if wants_new:
        first, *rest = held
        opening_step.open_or_join(replace(ctx, contact=first, chosen_case=None, force_new=True, replies=ctx.replies))
        case = ctx.session.get(Case, first.case_id)
        for contact in [*rest, ctx.contact]:
            _release(contact)
            if case is not None:
                opening.attach(ctx.session, case, contact, joined=True)
        return True
    case = next((c for c in ctx.open_cases() if c.reference == answer), None)
    if case is None:
        return False  # not one of theirs: the status step answers it (politely, saying nothing)
    for contact in [*held, ctx.contact]:
        _release(contact)
        opening.attach(ctx.session, case, contact, joined=contact is not ctx.contact)
    ctx.reply(ctx.case_text("case_joined", case), "acknowledgement", case)
    return True


def _held(ctx: InboundContext) -> list[Interaction]:
    found = ctx.session.exec(
        select(Interaction)
        .where(Interaction.citizen_id == ctx.citizen.id, Interaction.direction == INBOUND)
        .where(col(Interaction.case_id).is_(None), col(Interaction.created_at) >= utcnow() - HELD_FOR)
        .where(col(Interaction.id) != ctx.contact.id)
        .order_by(col(Interaction.id))
    ).all()
    return [contact for contact in found if (contact.payload or {}).get(AWAITING)]


def _release(contact: Interaction) -> None:
    contact.payload = {k: v for k, v in (contact.payload or {}).items() if k != AWAITING}


def _short(summary: str) -> str:
    return summary if len(summary) <= 16 else summary[:15] + "…"
