"""A member of staff changes their own password; every other session of theirs ends, this one goes on."""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from staff import passwords
from staff.models import User
from web import sessions, throttle
from web.i18n import explain

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    if request.method == "GET":
        return render_template("account_password.html")
    form = request.form
    runtime, username = current_app.extensions["civicline"], current_user.user.username
    # The current password is a guess like any other: someone at an unlocked screen must not try many.
    try:
        wait = throttle.attempt(runtime.redis, username, request.remote_addr or "-")
    except redis.RedisError:
        flash(_("Signing in is unavailable for a moment. Try again in a minute."), "error")
        return render_template("account_password.html"), 503, {"Retry-After": "30"}
    if wait:
        flash(
            _("Too many failed sign-in attempts. Try again in %(minutes)d minutes.", minutes=(wait + 59) // 60), "error"
        )
        return render_template("account_password.html"), 429, {"Retry-After": str(wait)}
    problem = _change(form.get("current", ""), form.get("new", ""), form.get("again", ""))
    if problem:
        flash(problem, "error")
        return render_template("account_password.html"), 400
    # The new version ended every session, this one included: this browser starts a fresh one.
    staff = sessions.reload(current_user.id)
    if staff is not None:
        login_user(staff)
        sessions.begin(staff)
    flash(_("Password changed. You are signed out everywhere else."), "ok")
    return redirect(url_for("inbox.inbox"))


def _change(current: str, new: str, again: str) -> str | None:
    """Set the new password if the current one is right; return what went wrong, or None."""
    if new != again:
        return _("The two new passwords differ.")
    with current_app.extensions["civicline"].session() as db:
        user = db.get(User, current_user.id)
        if user is None or not passwords.verify(user.password_hash, current):
            return _("The current password is not right.")
        try:
            user.password_hash = passwords.hash_password(new, user.username)
        except passwords.WeakPassword as exc:
            return explain(exc)
        user.end_sessions()
        db.add(user)
    return None
