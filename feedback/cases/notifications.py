"""Notes for staff (reminders, breach alerts, unhappy citizens), shown in the inbox and the dashboard."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, or_, select

from core.clock import utcnow
from feedback.cases.models import StaffNotification


def notify_user(session: Session, user_id: int, kind: str, text: str, case_id: int | None = None) -> StaffNotification:
    """Leave a note for one member of staff."""
    note = StaffNotification(user_id=user_id, kind=kind, text=text, case_id=case_id)
    session.add(note)
    return note


def notify_role(
    session: Session, role: str, department_id: int | None, kind: str, text: str, case_id: int | None = None
) -> StaffNotification:
    """Leave a note for everyone with a role (supervisors, or a department's agents)."""
    note = StaffNotification(role=role, department_id=department_id, kind=kind, text=text, case_id=case_id)
    session.add(note)
    return note


def for_staff(
    session: Session, staff, unread_only: bool = True, limit: int = 50, kind: str | None = None
) -> list[StaffNotification]:
    """Return the notes a signed-in user should see (of one kind, if given): theirs, and their role's."""
    roles = [r for r in ("agent", "supervisor", "admin") if staff.at_least(r)]
    mine = col(StaffNotification.user_id) == staff.id
    by_role: ColumnElement[bool] = col(StaffNotification.role).in_(roles)
    if not staff.at_least("supervisor"):
        by_role = by_role & or_(
            col(StaffNotification.department_id).is_(None),
            col(StaffNotification.department_id).in_(staff.department_ids),
        )
    query = select(StaffNotification).where(or_(mine, by_role))
    if unread_only:
        query = query.where(col(StaffNotification.read_at).is_(None))
    if kind is not None:
        query = query.where(StaffNotification.kind == kind)
    return list(session.exec(query.order_by(col(StaffNotification.id).desc()).limit(limit)))


def mark_read(session: Session, note_id: int) -> None:
    """Mark a note as read."""
    note = session.get(StaffNotification, note_id)
    if note is not None and note.read_at is None:
        note.read_at = utcnow()
        session.add(note)
