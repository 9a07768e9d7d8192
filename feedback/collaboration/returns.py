"""Returns (退单) and arbitration: a department sends back a case it believes is not its own, the centre decides.

The case waits in the hotline centre's arbitration folder, not in another
department. A supervisor decides: back to the same department (binding: it
cannot return the case again) or to another one, through a transfer. Either
way the statutory clock keeps counting from intake, and the decision is a
routing label for the next retrain (`feedback.cases.labels`).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from core.clock import utcnow
from core.db import id_of
from feedback.cases import actions, events, notifications
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.collaboration.errors import CollaborationError
from feedback.collaboration.models import PENDING, REJECTED, UPHELD, CaseReturn
from staff.models import Department

REASONS = ("not_our_remit", "other_area", "other_level", "duplicate", "other")
DECIDED_EVENT = "collab_return_decided"
MAX_TEXT = 2000
MAX_REASON = 500


def return_case(session: Session, case: Case, reason_code: str, text: str, actor: str) -> CaseReturn:
    """Send the case to the hotline centre's arbitration as not the lead department's, with a reason."""
    text = text.strip()
    if case.status not in OPEN_STATUSES:
        raise CollaborationError("only an open case can be returned")
    if reason_code not in REASONS:
        raise CollaborationError("choose the reason for the return from the list")
    if not text:
        raise CollaborationError("say why the case is not your department's")
    if len(text) > MAX_TEXT:
        raise CollaborationError("the reason is longer than %(limit)d characters", limit=MAX_TEXT)
    if pending(session, id_of(case)) is not None:
        raise CollaborationError("this case is already waiting for arbitration")
    if bound(session, id_of(case), case.department_id):
        raise CollaborationError(
            "the hotline centre already decided that this case is your department's: it cannot be returned again"
        )
    record = CaseReturn(case_id=id_of(case), department_id=case.department_id, reason_code=reason_code, text=text,
                        created_by=actor)  # fmt: skip
    session.add(record)
    session.flush()
    events.record(session, id_of(case), "collab_returned", actor=actor, return_id=record.id,
                  department_id=case.department_id, reason_code=reason_code, text=text)  # fmt: skip
    if case.assignee_id is not None:
        actions.assign(session, case, None, actor)
    note = f"退单待仲裁：工单 {case.reference} · Case {case.reference} was returned and waits for arbitration"
    notifications.notify_role(session, "supervisor", None, "case_returned", note, case.id)
    return record


def decide(session: Session, case: Case, return_id: int, to_department_id: int, reason: str, actor: str) -> CaseReturn:
    """Settle a return: the same department keeps the case (binding) or another department takes it."""
    reason = reason.strip()
    record = session.get(CaseReturn, return_id, with_for_update=True)
    if record is None or record.case_id != case.id:
        raise CollaborationError("no such return on this case")
    if record.status != PENDING:
        raise CollaborationError("that return was already decided")
    if not reason:
        raise CollaborationError("an arbitration decision needs a reason")
    target = session.get(Department, to_department_id)
    if target is None or not target.active:
        raise CollaborationError("there is no such active department")
    record.status = REJECTED if to_department_id == record.department_id else UPHELD
    record.to_department_id, record.decision_reason = to_department_id, reason[:MAX_REASON]
    record.decided_by, record.decided_at = actor, utcnow()
    session.add(record)
    if record.status == UPHELD and case.department_id != to_department_id:
        actions.transfer(session, case, to_department_id, f"arbitration: {reason}", actor)
    events.record(session, id_of(case), DECIDED_EVENT, actor=actor, return_id=record.id, outcome=record.status,
                  from_department_id=record.department_id, to_department_id=to_department_id,
                  reason=record.decision_reason)  # fmt: skip
    note = f"仲裁结果：工单 {case.reference} 由本部门办理 · Arbitration: case {case.reference} is your department's"
    notifications.notify_role(session, "agent", to_department_id, "return_decided", note, case.id)
    return record


def pending(session: Session, case_id: int) -> CaseReturn | None:
    """Return the case's return waiting for arbitration, if any."""
    query = select(CaseReturn).where(CaseReturn.case_id == case_id, CaseReturn.status == PENDING)
    return session.exec(query).first()


def bound(session: Session, case_id: int, department_id: int) -> bool:
    """Tell whether arbitration already sent this case back to this department (so it may not return it again)."""
    query = select(CaseReturn.id).where(
        CaseReturn.case_id == case_id, CaseReturn.department_id == department_id, CaseReturn.status == REJECTED
    )
    return session.exec(query).first() is not None


def for_case(session: Session, case_id: int) -> list[CaseReturn]:
    """Return a case's returns, oldest first."""
    return list(session.exec(select(CaseReturn).where(CaseReturn.case_id == case_id).order_by(col(CaseReturn.id))))
