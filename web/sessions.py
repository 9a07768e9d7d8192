"""Staff sessions (Flask-Login) and role checks shared by every staff page and the dashboard.

Roles: an agent works the cases of their departments; a supervisor sees all
departments; an admin also manages users, departments and settings.

A session ends when it has been idle for SESSION_IDLE_MINUTES, SESSION_MAX_HOURS after signing
in, or at once when the user's session version in the database moves on (sign-out, a new
password, a disabled account): every web process reads the version on each request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app, request
from flask import session as flask_session
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


# What a session carries beside Flask-Login's user id: the user's session version when it began,
# when it began, and when it was last used (seconds since the epoch).
VERSION, SINCE, SEEN = "_session_version", "_signed_in_at", "_seen_at"
TOUCH_EVERY = 60  # seconds: the last-seen time need not rewrite the cookie on every request
# What an open inbox tab asks by itself every few seconds: not a person at work, so not activity.
UNATTENDED = frozenset({"inbox.poll", "inbox.rows"})


@login_manager.user_loader
def _load_user(user_id: str) -> StaffUser | None:
    if not user_id.isdigit() or len(user_id) > 18:
        return None
    with current_app.extensions["civicline"].read_session() as session:
        staff = load_staff(session, int(user_id))
    if staff is None or not _still_valid(staff):
        for key in (VERSION, SINCE, SEEN):
            flask_session.pop(key, None)
        return None
    now = int(time.time())
    if request.endpoint not in UNATTENDED and now - int(flask_session.get(SEEN, 0)) >= TOUCH_EVERY:
        flask_session[SEEN] = now
    return staff


def _still_valid(staff: StaffUser) -> bool:
    """Tell whether the session is of the user's current version, used lately, and not too old."""
    settings = current_app.extensions["civicline"].settings
    now = time.time()
    since, seen = flask_session.get(SINCE), flask_session.get(SEEN)
    if flask_session.get(VERSION) != staff.user.session_version or not isinstance(since, int | float):
        return False
    if now - since > settings.session_max_hours * 3600:
        return False
    # The last-seen time is written at most once a minute: allow for it.
    return isinstance(seen, int | float) and now - seen <= settings.session_idle_minutes * 60 + TOUCH_EVERY


def reload(user_id: int) -> StaffUser | None:
    """Read a user afresh (their session version has just changed), or None if they can no longer sign in."""
    with current_app.extensions["civicline"].read_session() as session:
        return load_staff(session, user_id)


def begin(staff: StaffUser) -> None:
    """Start a session for a user who just proved who they are (after Flask-Login's login_user)."""
    now = int(time.time())
    flask_session[VERSION], flask_session[SINCE], flask_session[SEEN] = staff.user.session_version, now, now


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
