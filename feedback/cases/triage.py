"""A case waiting in triage goes where its words belong once there are words to go by.

A voice message arrives with no words, and "我想咨询一下" says no matter: both
wait in triage. When the words come — a transcript, an agent's summary, the
citizen's next message — the router places the case, unless someone already
holds it: then they decide.
"""

from __future__ import annotations

from sqlmodel import Session

from core.db import id_of
from feedback.cases import assignment, events
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from router.decision import decide
from staff.models import Department, User


def route_from_triage(session: Session, case: Case, text: str) -> bool:
    """Send an open, unheld case waiting in triage where its words belong; tell whether it moved."""
    department = session.get(Department, case.department_id)
    if department is None or not department.is_triage or case.assignee_id is not None:
        return False
    if case.status not in OPEN_STATUSES:
        return False
    decision = decide(session, text, "", case.language, assignment.open_load)
    if not decision.clear or decision.department_id == case.department_id:
        return False
    events.record(
        session, id_of(case), "routed", actor="router", from_department_id=case.department_id,
        to_department_id=decision.department_id, reason=decision.rule[:200],
    )  # fmt: skip
    case.department_id = decision.department_id  # the SLA listener re-plans the clocks for the department
    case.routing_rule, case.routing_confidence, case.kind = decision.rule[:200], decision.confidence, decision.kind
    session.add(case)
    if decision.assignee_id is not None:
        assignment.assign(session, case, session.get(User, decision.assignee_id))
    return True
