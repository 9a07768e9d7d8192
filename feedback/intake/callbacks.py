"""A citizen who asks a person to call them back (on the phone menu, or by hanging up before saying anything)."""

from __future__ import annotations

from core.db import id_of
from feedback.cases import events, opening
from feedback.intake.context import InboundContext
from router.decision import decide


def request_callback(ctx: InboundContext) -> bool:
    """Open or join the citizen's case, flag it for a call from an agent, and confirm by message."""
    session, contact = ctx.session, ctx.contact
    case = opening.open_case_of(session, id_of(ctx.citizen))
    joined = case is not None
    if case is None:
        case = opening.open_case(session, ctx.citizen, contact, decide(session, contact.text), ctx.language)
    opening.attach(session, case, contact, joined)
    if not case.callback_requested:
        case.callback_requested = True
        session.add(case)
        events.record(session, id_of(case), "callback_requested", interaction_id=contact.id)
    ctx.reply(ctx.case_text("callback_requested", case), "acknowledgement", case)
    return True
