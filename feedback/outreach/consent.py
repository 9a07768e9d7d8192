"""The citizen's choice about notices they did not ask for: recorded with its time, channel and address.

`Citizen.opted_out_at` is the choice in force; every change also leaves a
`ConsentEvent`, which the citizen page lists. Answers to the citizen's own
cases are transactional and are not covered by the choice.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from core.clock import utcnow
from core.db import id_of
from feedback.outreach.models import ConsentEvent
from router.identity.models import Citizen, Identity

OUT, IN = "out", "in"


def opt_out(session: Session, citizen: Citizen, channel: str, urn: str, source: str = "message") -> bool:
    """Stop notices and surveys to the citizen; return False when they had already opted out (nothing recorded)."""
    if citizen.opted_out_at is not None:
        return False
    citizen.opted_out_at, citizen.opted_out_via = utcnow(), urn
    session.add(citizen)
    session.add(ConsentEvent(citizen_id=id_of(citizen), choice=OUT, channel=channel, urn=urn, source=source))
    return True


def opt_in(session: Session, citizen: Citizen, channel: str, urn: str, source: str = "message") -> bool:
    """Let notices reach the citizen again; return False when they had not opted out (nothing recorded)."""
    if citizen.opted_out_at is None:
        return False
    citizen.opted_out_at = citizen.opted_out_via = None
    session.add(citizen)
    session.add(ConsentEvent(citizen_id=id_of(citizen), choice=IN, channel=channel, urn=urn, source=source))
    return True


def provider_opt_out(session: Session, urn: str, channel: str) -> bool:
    """Record the provider's word that the address has opted out (Twilio 21610) against its citizen."""
    citizen_id = session.exec(select(Identity.citizen_id).where(Identity.urn == urn)).first()
    citizen = session.get(Citizen, citizen_id) if citizen_id is not None else None
    return citizen is not None and opt_out(session, citizen, channel, urn, source="provider")


def history(session: Session, citizen_id: int) -> list[ConsentEvent]:
    """Return the citizen's consent choices, newest first."""
    query = select(ConsentEvent).where(ConsentEvent.citizen_id == citizen_id)
    return list(session.exec(query.order_by(col(ConsentEvent.id).desc())))
