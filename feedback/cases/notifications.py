"""Notes for staff (reminders, breach alerts, unhappy citizens), shown in the inbox and the dashboard."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func
from sqlmodel import Session, col, or_, select

from core import live
from core.clock import utcnow
from feedback.cases.models import Case, NotificationRead, StaffNotification
from feedback.collaboration.models import OPEN, AssistTask


def notify_user(session: Session, user_id: int, kind: str, text: str, case_id: int | None = None) -> StaffNotification:
    """Leave a note for one member of staff."""
    note = StaffNotification(user_id=user_id, kind=kind, text=text, case_id=case_id)
    session.add(note)
    live.announce(session, topic="notice", kind=kind, user_id=user_id, case_id=case_id)
    return note


def notify_role(
    session: Session, role: str, department_id: int | None, kind: str, text: str, case_id: int | None = None
) -> StaffNotification:
    """Leave a note for everyone with a role (supervisors, or a department's agents)."""
    note = StaffNotification(role=role, department_id=department_id, kind=kind, text=text, case_id=case_id)
    session.add(note)
    live.announce(session, topic="notice", kind=kind, role=role, department_id=department_id, case_id=case_id)
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


def _addressed_to(staff) -> ColumnElement[bool]:
    """Notes for this user: theirs, their role's (in their departments), about cases they may still see."""
    roles = [r for r in ("agent", "supervisor", "admin") if staff.at_least(r)]
    addressed = or_(col(StaffNotification.user_id) == staff.id, col(StaffNotification.role).in_(roles))
    if staff.at_least("supervisor"):
        return addressed
    departments = sorted(staff.department_ids)
    department = col(StaffNotification.department_id)
    in_reach = or_(department.is_(None), department.in_(departments))
    case_visible = or_(
        col(StaffNotification.case_id).is_(None),
        exists().where(col(Case.id) == col(StaffNotification.case_id), col(Case.department_id).in_(departments)),
        # a case their department assists with (协办), while the task is open
        exists().where(
            col(AssistTask.case_id) == col(StaffNotification.case_id),
            col(AssistTask.status) == OPEN,
            col(AssistTask.department_id).in_(departments),
        ),
    )
    return and_(addressed, in_reach, case_visible)


def _unread_by(staff) -> ColumnElement[bool]:
    read_by_me = exists().where(
        col(NotificationRead.note_id) == col(StaffNotification.id), col(NotificationRead.user_id) == staff.id
    )
    return and_(col(StaffNotification.read_at).is_(None), ~read_by_me)


def inbox_for(
    session: Session, staff, unread_only: bool = False, limit: int = 50
) -> list[tuple[StaffNotification, bool]]:
    """Return the notes this user may see, newest first, each with whether they have read it."""
    unread = _unread_by(staff)
    query = select(StaffNotification, unread).where(_addressed_to(staff))
    if unread_only:
        query = query.where(unread)
    rows = session.exec(query.order_by(col(StaffNotification.id).desc()).limit(limit))
    return [(note, not bool(is_unread)) for note, is_unread in rows]


def unread_count(session: Session, staff) -> int:
    """Count this user's unread notes (the number in the menu)."""
    query = select(func.count()).select_from(StaffNotification).where(_addressed_to(staff), _unread_by(staff))
    return int(session.exec(query).one())


def read_by(session: Session, staff, note_id: int) -> StaffNotification | None:
    """Mark one note read for this user (for their colleagues too only if it was theirs alone); None if not theirs."""
    note = session.exec(select(StaffNotification).where(StaffNotification.id == note_id, _addressed_to(staff))).first()
    if note is None:
        return None
    if note.user_id == staff.id:
        mark_read(session, note_id)
    elif (
        session.exec(
            select(NotificationRead.id).where(NotificationRead.note_id == note_id, NotificationRead.user_id == staff.id)
        ).first()
        is None
    ):
        session.add(NotificationRead(note_id=note_id, user_id=staff.id))
    return note


def read_all_by(session: Session, staff) -> int:
    """Mark every unread note of this user read; return how many."""
    ids = [i for i in session.exec(select(StaffNotification.id).where(_addressed_to(staff), _unread_by(staff))) if i]
    for note_id in ids:
        read_by(session, staff, note_id)
    return len(ids)
