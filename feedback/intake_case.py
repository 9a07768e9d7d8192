"""The last inbound step: open a case for the contact, or add it to the citizen's open case, and say so."""

from __future__ import annotations

from feedback import cases, messages
from jobs.context import InboundContext
from router import assign, links
from router.departments import route_text
from router.models import Department


def open_or_join(ctx: InboundContext) -> bool:
    """Attach the contact to a case (new or open) and queue the acknowledgement; always handles it."""
    session, contact = ctx.session, ctx.contact
    # A number a household or village shares is many people: each contact is its own matter.
    case = None if links.is_shared(session, contact.urn) else cases.open_case_of(session, ctx.citizen.id)
    joined = case is not None
    if case is None:
        case = cases.open_case(session, ctx.citizen, contact, route_text(session, contact.text), ctx.language)
        assign.assign(session, case)
    cases.attach(session, case, contact, joined)
    department = session.get(Department, case.department_id)
    text = messages.render(
        "case_joined" if joined else "case_opened",
        ctx.language,
        hotline=ctx.settings.hotline_name,
        reference=case.reference,
        department=department.name(ctx.language) if department else "",
    )
    ctx.reply(text, "acknowledgement", case)
    return True
