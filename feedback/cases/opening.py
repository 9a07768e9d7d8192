"""Open a case for a citizen's contact, or join the case they already have open."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from channels.models import INBOUND, Interaction
from core import rows
from core.clock import utcnow
from core.db import id_of
from feedback.cases import agent_news, events, fields
from feedback.cases.models import Case
from feedback.cases.reference import new_reference
from feedback.cases.statuses import OPEN_STATUSES
from feedback.sla import clocks
from router.decision import Decision
from router.identity.models import Citizen

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


def open_cases_of(session: Session, citizen_id: int) -> list[Case]:
    """Return the citizen's open cases, newest first."""
    query = (
        select(Case)
        .where(Case.citizen_id == citizen_id, col(Case.status).in_(OPEN_STATUSES))
        .order_by(col(Case.opened_at).desc(), col(Case.id).desc())
    )
    return list(session.exec(query))


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


def open_case(
    session: Session,
    citizen: Citizen,
    contact: Interaction,
    routing: Decision,
    language: str,
    repeats: dict[str, bool] | None = None,
    summary: str | None = None,
    actor: str = "system",
) -> Case:
    """Create a case for this contact in the routed department, with an unused reference.

    `repeats` are the repeat flags when the caller already knows them (a worker's batch does);
    `summary` defaults to the contact's text; `actor` is who the opening event names.
    """
    if repeats is None:
        repeats = repeat_flags(session, id_of(citizen), routing.department_id)
    case = rows.new(
        Case,
        reference=unused_reference(session),
        citizen_id=citizen.id,
        department_id=routing.department_id,
        channel=contact.channel,
        language=language,
        summary=(summary or contact.text)[:2000],
        routing_rule=routing.rule[:200],
        routing_confidence=routing.confidence,
        priority=routing.priority,
        kind=routing.kind,
        region=citizen.region,
        **repeats,
    )
    clock = clocks.plan_clocks(session, case)  # the due times go in with the insert
    session.add(case)
    session.flush([case])  # only the case: it needs its id; the rest of the batch is written together later
    events.record(
        session,
        id_of(case),
        "opened",
        actor=actor,
        to_status="new",
        interaction_id=contact.id,
        department_id=routing.department_id,
        confidence=routing.confidence,
        rule=routing.rule,
        matter_kind=routing.kind,
    )
    if clock is not None:
        clocks.attach_clocks(session, case, clock)
    return case


def unused_reference(session: Session) -> str:
    """Draw random references until one is not taken.

    Two workers drawing the same unused reference at the same moment (one chance in
    about 10^8 per pair) makes the second insert fail, and its transaction runs again.
    """
    with session.no_autoflush:
        for _ in range(5):
            reference = new_reference()
            if session.exec(select(Case.id).where(Case.reference == reference)).first() is None:
                return reference
    raise RuntimeError("could not draw an unused case reference in 5 tries")


def attach(session: Session, case: Case, contact: Interaction, joined: bool, actor: str = "system") -> None:
    """Link a contact to its case; a contact that joined an open case leaves an event naming `actor`."""
    contact.case_id = case.id
    session.add(contact)
    fields.fill_from_contact(session, case, contact)
    if contact.direction == INBOUND:
        agent_news.citizen_wrote(session, case, contact, joined)
    if joined:  # a new case was stamped when it was opened
        case.updated_at = utcnow()
        session.add(case)
        events.record(session, id_of(case), "message_added", actor=actor, interaction_id=contact.id)
