"""The audit trail: every step that touches a case leaves an event row."""

from __future__ import annotations

from sqlmodel import Session, select

from core import live, rows
from feedback.cases.models import Case, CaseEvent
from feedback.collaboration.models import OPEN, AssistTask

# Looking at a case changes nothing anyone else sees; every other event is news for open pages.
QUIET = frozenset({"viewed"})


def record(
    session: Session,
    case_id: int,
    kind: str,
    actor: str = "system",
    from_status: str | None = None,
    to_status: str | None = None,
    **detail: object,
) -> CaseEvent:
    """Add an event to a case (committed with the caller's transaction)."""
    event = rows.new(
        CaseEvent, case_id=case_id, kind=kind, actor=actor, from_status=from_status, to_status=to_status, detail=detail
    )
    session.add(event)
    if kind not in QUIET:
        _announce(session, case_id, kind, detail)
    return event


def _announce(session: Session, case_id: int, kind: str, detail: dict) -> None:
    """Tell open pages in the case's departments (the one it left, those assisting) that it changed."""
    case = session.get(Case, case_id)
    if case is None:
        return
    departments = {case.department_id, detail.get("from_department_id"), *assisting(session, case_id)} - {None}
    live.announce(
        session, topic="case", case_id=case_id, reference=case.reference, kind=kind,
        departments=sorted(departments), assignee_id=case.assignee_id,
    )  # fmt: skip


def assisting(session: Session, case_id: int) -> list[int]:
    """Return the departments with an open assisting task on the case (their open pages want its news too)."""
    query = select(AssistTask.department_id).where(AssistTask.case_id == case_id, AssistTask.status == OPEN)
    with session.no_autoflush:
        return list(session.exec(query))
