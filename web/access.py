"""Who is asking (a signed-in user or the install's API token) and which cases they may see.

The same rules serve pages, the JSON API and file downloads: a case outside
the asker's departments does not exist for them (404, never 403), and every
view of a case leaves an event with who and when.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlmodel import Session, col, select

from core.api_token import token_given
from feedback.cases import events
from feedback.cases.models import Case
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
        """Restrict a query over Case to the departments this actor works."""
        if self.sees_all:
            return query
        return query.where(col(Case.department_id).in_(sorted(self.staff.department_ids)))  # type: ignore[union-attr]


def current_actor() -> Actor | None:
    """Return the actor behind this request: a valid API token first, else the signed-in user."""
    if token_given():
        return Actor(name="api")
    if current_user and current_user.is_authenticated:
        return Actor(name=current_user.user.username, staff=current_user._get_current_object())
    return None


def case_or_404(session: Session, actor: Actor, reference: str) -> Case:
    """Return the case if this actor may see it; otherwise 404, exactly as for a case that does not exist."""
    case = session.exec(select(Case).where(Case.reference == reference.strip())).first()
    if case is None or not actor.can_see(case.department_id):
        abort(404)
    return case


def record_view(session: Session, case: Case, actor: Actor, via: str) -> None:
    """Leave an audit event saying who looked at the case, how and when."""
    events.record(session, case.id, "viewed", actor=actor.name, user_id=actor.user_id, via=via)
