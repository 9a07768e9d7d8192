"""The supervisor's live view: the queue as it stands now, counted straight from the tables (no rollup).

Every figure is one small indexed query, so the page can ask every few seconds.
Who is signed in is not known here: the web layer passes the ids of staff seen
recently, and this counts their open cases against their caps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from channels.models import INBOUND, RECEIVED, Interaction
from feedback.callbacks.models import WAITING, CallbackRequest
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.sla.models import SlaBreach
from router.priority import URGENT
from staff.models import User

URGENT_WINDOW = timedelta(hours=1)


@dataclass
class AgentLoad:
    """A signed-in member of staff, their open cases and their cap."""

    id: int
    name: str
    role: str
    open_cases: int
    cap: int


@dataclass
class LiveView:
    """Everything the live page shows, as of `now`."""

    now: datetime
    contacts_waiting: int = 0
    oldest_contact_at: datetime | None = None
    oldest_unassigned: Case | None = None
    by_department: dict[int, dict[str, int]] = field(default_factory=dict)
    agents: list[AgentLoad] = field(default_factory=list)
    callbacks_waiting: int = 0
    oldest_callback_at: datetime | None = None
    breaches_today: int = 0
    breaches_unacknowledged: int = 0
    urgent_last_hour: list[Case] = field(default_factory=list)


def snapshot(session: Session, now: datetime, day_start: datetime, present: list[int]) -> LiveView:
    """Count the queue now; `day_start` is the hotline's local midnight, `present` the staff seen recently."""
    view = LiveView(now=now)
    view.contacts_waiting, view.oldest_contact_at = session.exec(
        select(func.count(), func.min(col(Interaction.created_at))).where(
            Interaction.direction == INBOUND, Interaction.status == RECEIVED
        )
    ).one()
    view.oldest_unassigned = session.exec(
        select(Case)
        .where(col(Case.status).in_(OPEN_STATUSES), col(Case.assignee_id).is_(None))
        .order_by(col(Case.opened_at))
        .limit(1)
    ).first()
    view.by_department = _by_department(session)
    view.agents = _agents(session, present)
    view.callbacks_waiting, view.oldest_callback_at = session.exec(
        select(func.count(), func.min(col(CallbackRequest.requested_at))).where(CallbackRequest.status == WAITING)
    ).one()
    view.breaches_today = session.exec(
        select(func.count()).select_from(SlaBreach).where(col(SlaBreach.breached_at) >= day_start)
    ).one()
    view.breaches_unacknowledged = session.exec(
        select(func.count()).select_from(SlaBreach).where(col(SlaBreach.acknowledged_at).is_(None))
    ).one()
    view.urgent_last_hour = list(
        session.exec(
            select(Case)
            .where(Case.priority == URGENT, col(Case.opened_at) >= now - URGENT_WINDOW)
            .order_by(col(Case.opened_at).desc())
        )
    )
    return view


def _by_department(session: Session) -> dict[int, dict[str, int]]:
    rows = session.exec(
        select(Case.department_id, Case.status, func.count())
        .where(col(Case.status).in_(OPEN_STATUSES))
        .group_by(col(Case.department_id), col(Case.status))
    ).all()
    table: dict[int, dict[str, int]] = defaultdict(dict)
    for department_id, status, count in rows:
        table[department_id][status] = count
    return dict(table)


def _agents(session: Session, present: list[int]) -> list[AgentLoad]:
    if not present:
        return []
    users = session.exec(select(User).where(col(User.id).in_(present), col(User.active).is_(True))).all()
    counts = dict(
        session.exec(
            select(Case.assignee_id, func.count())
            .where(col(Case.assignee_id).in_(present), col(Case.status).in_(OPEN_STATUSES))
            .group_by(col(Case.assignee_id))
        ).all()
    )
    loads = [
        AgentLoad(
            user.id or 0, user.display_name or user.username, user.role, counts.get(user.id, 0), user.max_open_cases
        )
        for user in users
    ]
    return sorted(loads, key=lambda load: (-load.open_cases, load.name))
