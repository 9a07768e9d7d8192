"""Who is asking (a signed-in user or the install's API token) and which cases they may see.

The same rules serve pages, the JSON API and file downloads: a case outside
the asker's departments does not exist for them (404, never 403), and every
view of a case leaves an event with who and when. Two ways reach beyond the
departments, each to exactly one case: an assisting department (协办) reads the
case while its task is open, and the agent who first handled it (首接负责) keeps
it until it is closed. Only the lead department (and supervisors) change a case.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import or_
from sqlmodel import Session, col, select

from core.api_token import token_given
from feedback.cases import events
from feedback.cases.models import Case
from feedback.collaboration.models import OPEN, AssistTask, CaseOwner
from web.sessions import StaffUser


@dataclass(frozen=True)
class Actor:
    """The person or integration behind a request, as the audit trail names them."""

    name: str
    staff: StaffUser | None = None

    @property
    def user_id(self) -> int | None:
        return self.staff.id if self.staff else None

    @property
    def sees_all(self) -> bool:
        return self.staff is None or self.staff.at_least("supervisor")

    @property
    def departments(self) -> frozenset[int] | None:
        """Return the departments this actor is limited to, or None when they see all of them."""
        return None if self.sees_all else self.staff.department_ids  # type: ignore[union-attr]

    def at_least(self, role: str) -> bool:
        """The API token acts as a supervisor; users have their own role."""
        return self.staff.at_least(role) if self.staff else role in ("agent", "supervisor")

    def can_see(self, department_id: int) -> bool:
        return self.sees_all or department_id in self.staff.department_ids  # type: ignore[union-attr]

    def visible(self, query):
        """Restrict a query over Case to the departments this actor works, the cases they assist and own."""
        if self.sees_all:
            return query
        departments = sorted(self.staff.department_ids)  # type: ignore[union-attr]
        return query.where(
            or_(col(Case.department_id).in_(departments), assisting(departments), owned_by(self.user_id))
        )


def assisting(departments: list[int]):
    """Return the condition on Case: one of these departments has an open assisting task on it."""
    # A membership test against one uncorrelated list, so the database can still use its indexes on an OR.
    tasks = select(AssistTask.case_id).where(AssistTask.status == OPEN, col(AssistTask.department_id).in_(departments))
    return col(Case.id).in_(tasks)


def owned_by(user_id: int | None):
    """Return the condition on Case: this agent first handled it, and it is not closed yet."""
    owned = (
        select(CaseOwner.case_id)
        .join(Case, col(Case.id) == col(CaseOwner.case_id))
        .where(CaseOwner.user_id == (user_id or -1), Case.status != "closed")
    )
    return col(Case.id).in_(owned)


def reach(session: Session, actor: Actor, case: Case) -> str | None:
    """Return how the actor reaches a case: 'lead' (its department, or all), 'assisting', 'owner', or None."""
    if actor.can_see(case.department_id):
        return "lead"
    query = select(Case.id).where(Case.id == case.id)
    if session.exec(query.where(assisting(sorted(actor.departments or ())))).first() is not None:
        return "assisting"
    if session.exec(query.where(owned_by(actor.user_id))).first() is not None:
        return "owner"
    return None


def current_actor() -> Actor | None:
    """Return the actor behind this request: a valid API token first, else the signed-in user."""
    if token_given():
        return Actor(name="api")
    if current_user and current_user.is_authenticated:
        return Actor(name=current_user.user.username, staff=current_user._get_current_object())
    return None


def case_or_404(session: Session, actor: Actor, reference: str, lead: bool = False) -> Case:
    """Return the case if this actor may see it (work on it, when `lead`); otherwise 404, as for no such case."""
    case = session.exec(select(Case).where(Case.reference == reference.strip())).first()
    if case is None or (not actor.can_see(case.department_id) and (lead or reach(session, actor, case) is None)):
        abort(404)
    return case


def record_view(session: Session, case: Case, actor: Actor, via: str) -> None:
    """Leave an audit event saying who looked at the case, how and when."""
    events.record(session, case.id, "viewed", actor=actor.name, user_id=actor.user_id, via=via)
