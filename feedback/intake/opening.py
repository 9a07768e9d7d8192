"""The last inbound step: open a case for the contact, or add it to the citizen's open case, and say so."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import col, select

from channels import registry
from channels.models import Attachment, Interaction
from core.clock import utcnow
from core.db import id_of
from feedback.answers import emergencies
from feedback.cases import assignment, events, fields, opening, triage
from feedback.cases.models import Case
from feedback.incidents import linking
from feedback.intake.context import InboundContext
from router import kinds, priority
from router.decision import UNCLEAR, Decision, decide
from staff.models import User


def open_or_join(ctx: InboundContext) -> bool:
    """Attach the contact to a case (new or open) and queue the acknowledgement; always handles it."""
    session, contact = ctx.session, ctx.contact
    # A number a household or village shares is many people: each contact is its own matter.
    case = None if ctx.is_shared_address() else ctx.open_case()
    joined = case is not None
    urgency: priority.Assessment | None = None
    ack = "case_joined" if joined else "case_opened"
    if case is None:
        subject = ctx.understood.subject
        decision = staff_choice(contact, decide(session, contact.text, subject, ctx.language, assignment.open_load))
        repeats = ctx.facts.repeat_flags(decision.department_id, utcnow()) if ctx.facts is not None else None
        summary = f"{subject} — {contact.text}" if subject and subject != contact.text.strip() else None
        case = opening.open_case(session, ctx.citizen, contact, decision, ctx.language, repeats, summary, ctx.actor)
        case.subject = subject[: fields.MAX_SUBJECT] if subject else None
        if decision.assignee_id is not None:
            assignment.assign(session, case, session.get(User, decision.assignee_id))
        urgency = priority.Assessment(decision.priority, decision.reasons, decision.services)
        linking.link(session, case, f"{subject or ''} {contact.text}", ctx.citizen, decision.reasons)
        if not decision.clear and not _speaks(ctx):
            ack = "case_opened_unclear"
    else:
        if _route_once_clear(ctx, case):
            ack = "case_routed"
        urgency = priority.assess(contact.text)
        _raise_priority(ctx, case, urgency)
    opening.attach(session, case, contact, joined, ctx.actor)
    if urgency.level == priority.URGENT:
        # Someone may be dying: the number to ring comes first, and the supervisors hear of it now.
        emergencies.raise_alarm(session, case, urgency.reasons, urgency.services)
        ctx.reply(emergencies.advice(case, urgency.services, ctx.language, ctx.settings), emergencies.ALERT, case)
    else:
        ctx.reply(ctx.case_text(ack, case), "acknowledgement", case)
    return True


def staff_choice(contact: Interaction, decision: Decision) -> Decision:
    """Apply what staff chose on the walk-in form (department, kind) over the router's reading."""
    if contact.channel not in registry.STAFF_RECORDED:
        return decision  # a provider's payload never chooses for staff
    payload = contact.payload or {}
    department, kind = payload.get("department_id"), payload.get("kind")
    if isinstance(department, int) and department != decision.department_id:
        decision = replace(decision, department_id=department, assignee_id=None, rule="department chosen by staff")
    if isinstance(kind, str) and kind in kinds.KINDS:
        decision = replace(decision, kind=kind)
    return decision


def _speaks(ctx: InboundContext) -> bool:
    """Tell whether the contact carries a recording: its words are in it, for an agent to hear."""
    found = ctx.session.exec(
        select(Attachment.id).where(
            Attachment.interaction_id == ctx.contact.id, col(Attachment.content_type).startswith("audio/")
        )
    ).first()
    return found is not None


def _route_once_clear(ctx: InboundContext, case: Case) -> bool:
    """Route a case opened with no clear matter ("我想咨询一下") once the citizen says what; tell whether it moved."""
    if not (case.routing_rule or "").startswith(UNCLEAR):
        return False
    described = f"{case.summary}\n{ctx.contact.text}"
    moved = triage.route_from_triage(ctx.session, case, described)
    if moved:
        case.summary = described[:2000]
    return moved


def _raise_priority(ctx: InboundContext, case: Case, urgency: priority.Assessment) -> None:
    """Make an open case more urgent when a follow-up says so ("now the wire is down"); never less urgent."""
    if priority.ORDER[urgency.level] >= priority.ORDER.get(case.priority, len(priority.ORDER)):
        return
    reasons = ", ".join(urgency.reasons)
    events.record(
        ctx.session, id_of(case), "priority_changed", actor="router", from_priority=case.priority,
        to_priority=urgency.level, reason=reasons, interaction_id=ctx.contact.id,
    )  # fmt: skip
    case.priority = urgency.level  # the SLA listener shortens the time limits at the next flush
    case.routing_rule = f"{case.routing_rule}; {urgency.level} (follow-up): {reasons}"[:200]
    ctx.session.add(case)
