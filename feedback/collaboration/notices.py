"""Supervision notices (督办): a supervisor presses a department on a case and wants its reply by a date.

The department's reply is recorded on the notice and the case; a notice left
unanswered past its date is escalated once to the hotline centre's supervisors.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from core.clock import utcnow
from core.db import id_of
from feedback.cases import events, notifications
from feedback.cases.models import Case
from feedback.collaboration.errors import CollaborationError
from feedback.collaboration.models import SupervisionNotice
from feedback.collaboration.tasks import local_text
from staff.models import Department

MAX_TEXT = 2000


def issue(
    session: Session, case: Case, department_id: int, text: str, reply_by: datetime, actor: str
) -> SupervisionNotice:
    """Issue a notice to a department on a case, with the moment its reply is due."""
    text = text.strip()
    department = session.get(Department, department_id)
    if department is None or not department.active:
        raise CollaborationError("there is no such active department")
    if not text:
        raise CollaborationError("say what the department must account for")
    if len(text) > MAX_TEXT:
        raise CollaborationError("the notice is longer than %(limit)d characters", limit=MAX_TEXT)
    if reply_by <= utcnow():
        raise CollaborationError("the reply-by date must be in the future")
    notice = SupervisionNotice(case_id=id_of(case), department_id=department_id, text=text, reply_by=reply_by,
                               issued_by=actor)  # fmt: skip
    session.add(notice)
    session.flush()
    events.record(session, id_of(case), "collab_notice_issued", actor=actor, notice_id=notice.id,
                  department_id=department_id, text=text, reply_by=reply_by.isoformat())  # fmt: skip
    note = (
        f"督办通知：工单 {case.reference}，请于 {local_text(reply_by)} 前回复 · "
        f"Supervision notice on case {case.reference}: reply by {local_text(reply_by)}"
    )
    notifications.notify_role(session, "agent", department_id, "supervision_notice", note, case.id)
    notifications.notify_role(session, "supervisor", department_id, "supervision_notice", note, case.id)
    return notice


def answer(
    session: Session, case: Case, notice_id: int, text: str, actor: str, departments: frozenset[int] | None
) -> SupervisionNotice:
    """Record the department's reply to a notice."""
    text = text.strip()
    notice = session.get(SupervisionNotice, notice_id, with_for_update=True)
    if notice is None or notice.case_id != case.id:
        raise CollaborationError("no such supervision notice on this case")
    if departments is not None and notice.department_id not in departments:
        raise CollaborationError("only the department the notice was issued to replies to it")
    if notice.replied_at is not None:
        raise CollaborationError("that notice was already answered")
    if not text:
        raise CollaborationError("a reply to a supervision notice needs some text")
    if len(text) > MAX_TEXT:
        raise CollaborationError("the reply is longer than %(limit)d characters", limit=MAX_TEXT)
    notice.reply, notice.replied_by, notice.replied_at = text, actor, utcnow()
    session.add(notice)
    events.record(session, id_of(case), "collab_notice_answered", actor=actor, notice_id=notice.id,
                  department_id=notice.department_id, text=text)  # fmt: skip
    return notice


def for_case(session: Session, case_id: int) -> list[SupervisionNotice]:
    """Return a case's notices, oldest first."""
    query = select(SupervisionNotice).where(SupervisionNotice.case_id == case_id)
    return list(session.exec(query.order_by(col(SupervisionNotice.id))))


def escalate_overdue(session: Session, now: datetime, limit: int = 200) -> int:
    """Tell the centre's supervisors about notices unanswered past their date, once each; return how many."""
    overdue = session.exec(
        select(SupervisionNotice)
        .where(col(SupervisionNotice.replied_at).is_(None), col(SupervisionNotice.escalated_at).is_(None))
        .where(col(SupervisionNotice.reply_by) <= now)
        .order_by(col(SupervisionNotice.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for notice in overdue:
        case = session.get(Case, notice.case_id)
        assert case is not None  # a foreign key
        notice.escalated_at = now
        session.add(notice)
        text = (
            f"督办逾期未复：工单 {case.reference}（应于 {local_text(notice.reply_by)} 前回复） · "
            f"Supervision notice on case {case.reference} unanswered since {local_text(notice.reply_by)}"
        )
        notifications.notify_role(session, "supervisor", None, "notice_overdue", text, case.id)
        notifications.notify_role(session, "supervisor", notice.department_id, "notice_overdue", text, case.id)
        events.record(session, id_of(case), "collab_notice_overdue", notice_id=notice.id,
                      department_id=notice.department_id)  # fmt: skip
    return len(overdue)
