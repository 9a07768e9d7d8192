"""Contacts staff recorded (a call to the office, a visit): kept within the recording agent's departments.

The agent types the phone number the citizen gives, and that number may belong to a citizen whose
other cases are in departments the agent does not work. Such a contact never joins, reopens or
answers for those cases: it joins the citizen's newest open case in the agent's departments or opens
a new one (routed as usual), and the audit trail names the agent who entered it, not the citizen.
"""

from __future__ import annotations

from sqlmodel import select

from channels import registry
from channels.models import Interaction
from feedback.collaboration import ownership
from feedback.intake import opening
from feedback.intake.context import InboundContext
from staff.models import User

RECORDED = tuple(registry.STAFF_RECORDED)


def recorded_by(contact: Interaction) -> str | None:
    """Return the name of the member of staff who recorded the contact, or None for a citizen's own."""
    if contact.channel not in RECORDED:
        return None  # a provider's payload never speaks for staff, whatever keys it carries
    return str((contact.payload or {}).get("recorded_by") or "staff")[:64]


def allowed_departments(contact: Interaction) -> frozenset[int] | None:
    """Return the departments the recording agent works (None: a supervisor's, all of them).

    A contact recorded before departments were noted joins nothing: a new case is always safe.
    """
    raw = (contact.payload or {}).get("departments", [])
    if raw is None:
        return None
    return frozenset(int(d) for d in raw if isinstance(d, int) or str(d).isdigit())


def take_recorded(ctx: InboundContext) -> bool:
    """Attach a staff-recorded contact to an open case the agent may work, else open one; always handles it."""
    actor = recorded_by(ctx.contact)
    if actor is None:
        return False
    ctx.actor = actor
    allowed = allowed_departments(ctx.contact)
    mine = [case for case in ctx.open_cases() if allowed is None or case.department_id in allowed]
    if mine and not ctx.is_shared_address():
        ctx.chosen_case = mine[0]
    else:
        ctx.force_new = True
    handled = opening.open_or_join(ctx)
    _first_contact(ctx, actor)
    return handled


def _first_contact(ctx: InboundContext, actor: str) -> None:
    # The agent who took the call is the citizen's point of contact (首接负责), unless someone was before them.
    user_id = ctx.session.exec(select(User.id).where(User.username == actor)).first()
    ctx.session.flush()
    ownership.note_first(ctx.session, ctx.contact.case_id, user_id)
