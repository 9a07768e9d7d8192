"""What was said in a recorded call, written down: by a local speech-to-text engine, or by the agent who listened.

The words become the case's text (its summary) and route a case still waiting in
triage — a voice message arrives with no words, so the router could not place it.
A case someone already holds stays where it is: they decide.
"""

from __future__ import annotations

from sqlmodel import Session

from core.db import id_of
from core.refusal import Refusal
from feedback.cases import assignment, events
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from router.decision import decide
from staff.models import Department, User

MAX_TEXT = 2000


class HeardError(Refusal):
    """A summary that cannot be saved; nothing was changed."""


def write_down(session: Session, case: Case, text: str, actor: str) -> bool:
    """Make what the caller said the case's text, and route it out of triage; return whether it moved."""
    text = text.strip()
    if not text:
        raise HeardError("write what the caller said")
    if len(text) > MAX_TEXT:
        raise HeardError("the summary is longer than %(limit)d characters", limit=MAX_TEXT)
    case.summary = text
    session.add(case)
    events.record(session, id_of(case), "recording_summarised", actor=actor, text=text)
    return route_from_triage(session, case, text)


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
