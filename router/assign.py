"""Give each routed case to a free agent of its department who speaks the citizen's language.

The agent with the fewest open cases wins, up to their own maximum. When no
one is free the case waits unassigned; `assign_waiting` (a periodic job) hands
out waiting cases, most urgent and oldest first, as agents free up.
Supervisors switch it off per department with `Department.auto_assign`.
"""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from core.db import per_transaction
from feedback import lifecycle
from feedback.models import OPEN_STATUSES, Case
from router.priority import ORDER
from staff.models import Department, User, UserDepartment

ACTOR = "router"
_AGENTS_KEY = "civicline_department_agents"
_LOAD_KEY = "civicline_agent_load"


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
    agents = [user for user in _agents_of(session, department_id) if speaks(user, language)]
    if not agents:
        return None
    load = _load_of(session, agents)
    free = [a for a in agents if load[a.id] < a.max_open_cases]  # type: ignore[index]
    return min(free, key=lambda a: (load[a.id], a.id)) if free else None  # type: ignore[index]


def _agents_of(session: Session, department_id: int) -> list[User]:
    # Read (and locked) once per transaction: a worker assigns a batch of cases in one.
    by_department = per_transaction(session, _AGENTS_KEY, dict)
    if department_id not in by_department:
        query = (
            select(User)
            .join(UserDepartment, col(UserDepartment.user_id) == User.id)
            .where(UserDepartment.department_id == department_id, col(User.active).is_(True))
            .order_by(col(User.id))
            .with_for_update()  # two workers must not both give the last free slot away
        )
        by_department[department_id] = list(session.exec(query))
    return by_department[department_id]


def _load_of(session: Session, agents: list[User]) -> dict[int, int]:
    # Counted once per transaction, then kept up to date by `assign` (the agents' rows stay locked).
    load = per_transaction(session, _LOAD_KEY, dict)
    missing = [a.id for a in agents if a.id not in load]
    if missing:
        load.update(dict.fromkeys(missing, 0))
        load.update(open_load(session, missing))  # type: ignore[arg-type]
    return load


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
    _load_of(session, [agent])[agent.id] += 1  # type: ignore[index]
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
