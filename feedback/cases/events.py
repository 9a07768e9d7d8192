"""The audit trail: every step that touches a case leaves an event row."""

from __future__ import annotations

from sqlmodel import Session

from core import rows
from feedback.cases.models import CaseEvent


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
    return event
