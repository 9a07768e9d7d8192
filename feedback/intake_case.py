"""The last inbound step: open a case for the contact, or add it to the citizen's open case, and say so."""

from __future__ import annotations

from channels.email_thread import clean_subject
from channels.models import Interaction
from core.clock import utcnow
from feedback import cases, events, messages
from feedback.models import Case
from jobs.context import InboundContext
from router import assign, priority
from router.departments import route_text
from staff.models import Department


def open_or_join(ctx: InboundContext) -> bool:
    """Attach the contact to a case (new or open) and queue the acknowledgement; always handles it."""
    session, contact = ctx.session, ctx.contact
    # A number a household or village shares is many people: each contact is its own matter.
    case = None if ctx.is_shared_address() else ctx.open_case()
    joined = case is not None
    if case is None:
        subject = _subject(contact)
        routing = route_text(session, contact.text, subject)
        repeats = ctx.facts.repeat_flags(routing.department_id, utcnow()) if ctx.facts is not None else None
        summary = f"{subject} — {contact.text}" if subject and subject != contact.text.strip() else None
        case = cases.open_case(session, ctx.citizen, contact, routing, ctx.language, repeats, summary)
        assign.assign(session, case)
    else:
        _raise_priority(ctx, case)
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


def _subject(contact: Interaction) -> str:
    """Return what the citizen wrote in an email's subject (no "Re:" or case tag); other channels have none."""
    if contact.channel != "email" or not contact.payload:
        return ""
    return clean_subject(str(contact.payload.get("subject") or ""))


def _raise_priority(ctx: InboundContext, case: Case) -> None:
    """Make an open case more urgent when a follow-up says so ("now the wire is down"); never less urgent."""
    urgency = priority.assess(ctx.contact.text)
    if priority.ORDER[urgency.level] >= priority.ORDER.get(case.priority, len(priority.ORDER)):
        return
    reasons = ", ".join(urgency.reasons)
    events.record(
        ctx.session, case.id, "priority_changed", actor="router", from_priority=case.priority,
        to_priority=urgency.level, reason=reasons, interaction_id=ctx.contact.id,
    )  # fmt: skip
    case.priority = urgency.level  # the SLA listener shortens the time limits at the next flush
    case.routing_rule = f"{case.routing_rule}; {urgency.level} (follow-up): {reasons}"[:200]
    ctx.session.add(case)
