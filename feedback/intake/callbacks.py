"""A citizen who asks a person to call them back (on the phone menu, or by hanging up before saying anything)."""

from __future__ import annotations

from core.db import id_of
from core.urns import split
from feedback.callbacks import worklist
from feedback.cases import events, opening
from feedback.intake.context import InboundContext
from router.decision import decide


def request_callback(ctx: InboundContext) -> bool:
    """Open or join the citizen's case, flag it for a call from an agent, and confirm by message."""
    session, contact = ctx.session, ctx.contact
    case = opening.open_case_of(session, id_of(ctx.citizen))
    joined = case is not None
    if case is None:
        # A caller who pressed 2 or hung up said nothing: the summary says what the case is instead.
        summary = None if contact.text.strip() else summary_of(contact.urn)
        routing = decide(session, contact.text)
        case = opening.open_case(session, ctx.citizen, contact, routing, ctx.language, summary=summary)
    opening.attach(session, case, contact, joined)
    worklist.open_request(session, case, contact.urn, ctx.language)
    if not case.callback_requested:
        case.callback_requested = True
        session.add(case)
        events.record(session, id_of(case), "callback_requested", interaction_id=contact.id)
    ctx.reply(ctx.case_text("callback_requested", case), "acknowledgement", case)
    return True


def summary_of(urn: str) -> str:
    """Return the summary of a case that is only a call-back request (both languages, like staff alerts)."""
    number = split(urn)[1] if ":" in urn else urn
    return f"来电请求回电：{number} · Call-back requested by {number}"
