"""Staff sessions (Flask-Login) and role checks shared by every staff page and the dashboard.

Roles: an agent works the cases of their departments; a supervisor sees all
departments; an admin also manages users, departments and settings.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app
from flask_login import LoginManager, current_user, login_required
from sqlmodel import Session, select

from staff.models import ROLE_RANK, User, UserDepartment

login_manager = LoginManager()


class StaffUser:
    """The signed-in user as Flask-Login sees it (a detached copy, safe across requests)."""

    def __init__(self, user: User, department_ids: frozenset[int]):
        self.user = user
        self.id = user.id
        self.role = user.role
        self.department_ids = department_ids
        self.is_authenticated = True
        self.is_active = user.active
        self.is_anonymous = False

    def get_id(self) -> str:
        return str(self.user.id)

    def at_least(self, role: str) -> bool:
        """Tell whether this user's role is `role` or above (agent < supervisor < admin)."""
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK[role]

    def can_see_department(self, department_id: int) -> bool:
        """Supervisors and admins see every department; agents only their own."""
        return self.at_least("supervisor") or department_id in self.department_ids


def load_staff(session: Session, user_id: int) -> StaffUser | None:
    """Return the active user with their departments, or None."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    departments = session.exec(select(UserDepartment.department_id).where(UserDepartment.user_id == user_id))
    return StaffUser(user, frozenset(departments))


@login_manager.user_loader
def _load_user(user_id: str) -> StaffUser | None:
    if not user_id.isdigit():
        return None
    with current_app.extensions["civicline"].read_session() as session:
        return load_staff(session, int(user_id))


def init_app(app: Flask) -> None:
    """Bind the login manager to the app."""
    login_manager.init_app(app)


def role_required(role: str) -> Callable:
    """Require a signed-in user with at least this role; others get 403 (anonymous ones are sent to sign in)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.at_least(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
