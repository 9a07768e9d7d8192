"""Propose an agent for a routed case: a free agent of its department who speaks the citizen's language.

The agent with the fewest open cases wins, up to their own maximum; when no one
is free there is no proposal and the case waits. Supervisors switch proposals
off per department with `Department.auto_assign`. How many open cases each agent
holds is the case layer's to count: it passes `open_load` in, and it applies a
proposal through the lifecycle (`feedback.cases.assignment`).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, col, select

from core.db import id_of, per_transaction
from staff.models import Department, User, UserDepartment

OpenLoad = Callable[[Session, list[int]], dict[int, int]]
_AGENTS_KEY = "civicline_department_agents"
_LOAD_KEY = "civicline_agent_load"


def speaks(user: User, language: str) -> bool:
    """Tell whether an agent can answer in a language (User.languages is comma-separated)."""
    return language in {part.strip().lower() for part in (user.languages or "").split(",")}


def propose(session: Session, department_id: int, language: str, open_load: OpenLoad) -> User | None:
    """Return the agent a new case of this department should go to, or None (nobody free, or not auto-assigned).

    The proposal counts as taken: within the transaction the agent's load is one more, so a batch
    of cases spreads over the agents. Only propose for a case that will be assigned.
    """
    department = session.get(Department, department_id)
    if department is None or not department.auto_assign:
        return None
    agents = [user for user in _agents_of(session, department_id) if speaks(user, language)]
    if not agents:
        return None
    load = _load_of(session, agents, open_load)
    free = [a for a in agents if load[id_of(a)] < a.max_open_cases]
    if not free:
        return None
    agent = min(free, key=lambda a: (load[id_of(a)], a.id))
    load[id_of(agent)] += 1
    return agent


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


def _load_of(session: Session, agents: list[User], open_load: OpenLoad) -> dict[int, int]:
    # Counted once per transaction, then kept up to date by `propose` (the agents' rows stay locked).
    load: dict[int, int] = per_transaction(session, _LOAD_KEY, dict)
    missing = [id_of(a) for a in agents if a.id not in load]
    if missing:
        load.update(dict.fromkeys(missing, 0))
        load.update(open_load(session, missing))
    return load
