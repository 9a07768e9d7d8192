"""Open a case for a citizen's contact, or join the case they already have open."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from channels.models import Interaction
from core.clock import utcnow
from feedback import events, sla
from feedback.models import OPEN_STATUSES, Case
from feedback.reference import new_reference
from router.departments import Routing
from router.models import Citizen

REPEAT_CITIZEN_WINDOW = timedelta(days=30)
REPEAT_TOPIC_WINDOW = timedelta(days=90)


def open_case_of(session: Session, citizen_id: int) -> Case | None:
    """Return the citizen's most recent open case, if any."""
    query = (
        select(Case)
        .where(Case.citizen_id == citizen_id, col(Case.status).in_(OPEN_STATUSES))
        .order_by(col(Case.opened_at).desc(), col(Case.id).desc())
    )
    return session.exec(query).first()


def repeat_flags(session: Session, citizen_id: int, department_id: int) -> dict[str, bool]:
    """Tell whether a new case repeats the citizen's recent ones (30 days: any; 90 days: same department)."""
    now = utcnow()
    recent = session.exec(
        select(Case.department_id, Case.opened_at).where(
            Case.citizen_id == citizen_id, col(Case.opened_at) >= now - REPEAT_TOPIC_WINDOW
        )
    ).all()
    return {
        "repeat_citizen": any(opened >= now - REPEAT_CITIZEN_WINDOW for _dept, opened in recent),
        "repeat_topic": any(dept == department_id for dept, _opened in recent),
    }


def open_case(session: Session, citizen: Citizen, contact: Interaction, routing: Routing, language: str) -> Case:
    """Create a case for this contact in the routed department, with an unused reference."""
    repeats = repeat_flags(session, citizen.id, routing.department_id)  # type: ignore[arg-type]
    for _ in range(5):
        case = Case(
            reference=new_reference(),
            citizen_id=citizen.id,  # type: ignore[arg-type]
            department_id=routing.department_id,
            channel=contact.channel,
            language=language,
            summary=contact.text[:2000],
            routing_rule=routing.rule[:200],
            routing_confidence=routing.confidence,
            priority=routing.priority,
            region=citizen.region,
            **repeats,
        )
        try:
            with session.begin_nested():
                session.add(case)
                session.flush()
        except IntegrityError:
            session.expunge(case)
            continue  # the random reference was taken; draw another
        events.record(
            session,
            case.id,
            "opened",
            to_status="new",
            interaction_id=contact.id,
            department_id=routing.department_id,
            confidence=routing.confidence,
            rule=routing.rule,
        )
        sla.start_clocks(session, case)
        return case
    raise RuntimeError("could not draw an unused case reference in 5 tries")


def attach(session: Session, case: Case, contact: Interaction, joined: bool) -> None:
    """Link a contact to its case; a contact that joined an open case leaves an event."""
    contact.case_id = case.id
    case.updated_at = utcnow()
    session.add(case)
    session.add(contact)
    if joined:
        events.record(session, case.id, "message_added", interaction_id=contact.id)
