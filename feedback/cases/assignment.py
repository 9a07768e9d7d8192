"""Give routed cases to agents: the router proposes (`router.assignment`), the lifecycle applies.

A new case is assigned as it opens when an agent is free; `assign_waiting` (a
periodic job) hands out waiting cases, most urgent and oldest first, as agents
free up.
"""

from __future__ import annotations

from typing import cast

from sqlmodel import Session, col, func, select

from feedback.cases import agent_news, lifecycle
from feedback.cases.models import Case
from feedback.cases.statuses import NEW, OPEN_STATUSES
from feedback.collaboration import ownership
from router import assignment
from router.priority import ORDER
from staff.models import Department, User

ACTOR = "router"


def open_load(session: Session, user_ids: list[int]) -> dict[int, int]:
    """Return how many open cases each of these agents holds."""
    query = (
        select(Case.assignee_id, func.count())
        .where(col(Case.assignee_id).in_(user_ids), col(Case.status).in_(OPEN_STATUSES))
        .group_by(col(Case.assignee_id))
    )
    # No NULL assignee passes `in_(user_ids)`: the keys are ints, which the nullable column cannot say.
    return cast(dict[int, int], {user_id: count for user_id, count in session.exec(query)})


def assign(
    session: Session, case: Case, agent: User | None = None, actor: str = ACTOR, reason: str | None = None
) -> User | None:
    """Assign a new, unassigned case to the proposed agent (asking the router when none is given); return them."""
    if case.status != NEW or case.assignee_id is not None:
        return None
    agent = agent or assignment.propose(session, case.department_id, case.language, open_load)
    if agent is None:
        return None
    case.assignee_id = agent.id
    reason = reason or f"auto-assigned to {agent.username}"
    lifecycle.transition(session, case, "assigned", actor=actor, reason=reason)
    agent_news.assigned(session, case, agent.id, actor)
    ownership.note_first(session, case.id, agent.id)
    return agent


def assign_waiting(session: Session, limit: int = 500) -> int:
    """Assign waiting cases, most urgent and oldest first; return how many found an agent."""
    departments = select(Department.id).where(col(Department.auto_assign).is_(True))
    query = (
        select(Case)
        .where(Case.status == NEW, col(Case.assignee_id).is_(None), col(Case.department_id).in_(departments))
        .order_by(col(Case.opened_at), col(Case.id))
        .limit(limit)
    )
    waiting = sorted(session.exec(query), key=lambda case: ORDER.get(case.priority, len(ORDER)))
    return sum(assign(session, case) is not None for case in waiting)
