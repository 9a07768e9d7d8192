"""Agents' workload settings over the JSON API: read everyone's cap and languages, change one agent's.

The install's API token (an operator's credential) or a signed-in admin may use
it; other staff get 403. The same checks as the user page apply (`staff.caps`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, current_app, jsonify, request
from sqlmodel import Session, col, func, select

from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from staff import caps
from staff.models import User, UserDepartment
from web.access import current_actor

bp = Blueprint("users_api", __name__, url_prefix="/api")
FIELDS = ("max_open_cases", "languages")


def admin_only(view: Callable) -> Callable:
    """Require the API token or a signed-in admin: 401 for nobody, 403 for other staff."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        actor = current_actor()
        if actor is None:
            response = jsonify(error="sign in, or send a valid API token: Authorization: Bearer <token>")
            response.headers["WWW-Authenticate"] = "Bearer"
            return response, 401
        if actor.staff is not None and not actor.staff.at_least("admin"):
            return jsonify(error="only admins change agents' caps and languages"), 403
        return view(*args, **kwargs)

    return wrapped


@bp.get("/users")
@admin_only
def list_users():
    """Return every user with their cap, languages, departments and open cases now."""
    with current_app.extensions["civicline"].read_session() as session:
        users = list(session.exec(select(User).order_by(col(User.id))))
        return jsonify(users=[_user_json(session, user) for user in users])


@bp.patch("/users/<int:user_id>")
@admin_only
def update_user(user_id: int):
    """Set `max_open_cases` (0–500) and/or `languages` (["zh", "en"]); anything else is refused, nothing changes."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not body or set(body) - set(FIELDS):
        return jsonify(error=f"send a JSON object with one or both of {', '.join(FIELDS)}"), 400
    with current_app.extensions["civicline"].session() as session:
        user = session.get(User, user_id)
        if user is None:
            return jsonify(error=f"no user {user_id}"), 404
        try:
            caps.set_caps(user, body.get("max_open_cases"), body.get("languages"))
        except caps.CapError as exc:
            return jsonify(error=str(exc)), 400
        session.add(user)
        session.flush()
        return jsonify(_user_json(session, user))


def _user_json(session: Session, user: User) -> dict:
    open_cases = session.exec(
        select(func.count()).select_from(Case).where(Case.assignee_id == user.id, col(Case.status).in_(OPEN_STATUSES))
    ).one()
    departments = session.exec(select(UserDepartment.department_id).where(UserDepartment.user_id == user.id)).all()
    return {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "active": user.active,
        "max_open_cases": user.max_open_cases,
        "languages": [code for code in user.languages.split(",") if code],
        "open_cases": open_cases,
        "department_ids": sorted(departments),
    }
