"""Give each routed case to a free agent of its department who speaks the citizen's language.

The agent with the fewest open cases wins, up to their own maximum. When no
one is free the case waits unassigned; `assign_waiting` (a periodic job) hands
out waiting cases, most urgent and oldest first, as agents free up.
Supervisors switch it off per department with `Department.auto_assign`.
"""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from feedback import lifecycle
from feedback.models import OPEN_STATUSES, Case
from router.models import Department
from router.priority import ORDER
from web.models import User, UserDepartment

ACTOR = "router"


def speaks(user: User, language: str) -> bool:
    """Tell whether an agent can answer in a language (User.languages is comma-separated)."""
    return language in {part.strip().lower() for part in (user.languages or "").split(",")}


def open_load(session: Session, user_ids: list[int]) -> dict[int, int]:
    """Return how many open cases each of these agents holds."""
    query = (
        select(Case.assignee_id, func.count())
        .where(col(Case.assignee_id).in_(user_ids), col(Case.status).in_(OPEN_STATUSES))
        .group_by(Case.assignee_id)
    )
    return {user_id: count for user_id, count in session.exec(query)}  # type: ignore[misc]


def pick_agent(session: Session, department_id: int, language: str) -> User | None:
    """Return the active agent of the department who speaks the language and has the most room, if any is free."""
    query = (
        select(User)
        .join(UserDepartment, col(UserDepartment.user_id) == User.id)
        .where(UserDepartment.department_id == department_id, col(User.active).is_(True))
        .order_by(col(User.id))
        .with_for_update()  # two workers must not both give the last free slot away
    )
    agents = [user for user in session.exec(query) if speaks(user, language)]
    if not agents:
        return None
    load = open_load(session, [a.id for a in agents])  # type: ignore[misc]
    free = [a for a in agents if load.get(a.id, 0) < a.max_open_cases]  # type: ignore[arg-type]
    return min(free, key=lambda a: (load.get(a.id, 0), a.id)) if free else None  # type: ignore[arg-type]


def assign(session: Session, case: Case) -> User | None:
    """Assign a new, unassigned case if its department auto-assigns and an agent is free; return the agent."""
    if case.status != "new" or case.assignee_id is not None:
        return None
    department = session.get(Department, case.department_id)
    if department is None or not department.auto_assign:
        return None
    agent = pick_agent(session, case.department_id, case.language)
    if agent is None:
        return None
    case.assignee_id = agent.id
    lifecycle.transition(session, case, "assigned", actor=ACTOR, reason=f"auto-assigned to {agent.username}")
    return agent


def assign_waiting(session: Session, limit: int = 500) -> int:
    """Assign waiting cases, most urgent and oldest first; return how many found an agent."""
    departments = select(Department.id).where(col(Department.auto_assign).is_(True))
    query = (
        select(Case)
        .where(Case.status == "new", col(Case.assignee_id).is_(None), col(Case.department_id).in_(departments))
        .order_by(col(Case.opened_at), col(Case.id))
        .limit(limit)
    )
    waiting = sorted(session.exec(query), key=lambda case: ORDER.get(case.priority, len(ORDER)))
    return sum(assign(session, case) is not None for case in waiting)
