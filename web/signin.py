"""Sign in and out, and each user's choice of language."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlmodel import select

from core.clock import utcnow
from staff import passwords
from staff.models import User
from web import throttle
from web.i18n import LANGUAGES
from web.sessions import load_staff, login_manager

bp = Blueprint("signin", __name__)
login_manager.login_view = "signin.signin"
login_manager.login_message = None


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    if request.method == "GET":
        return render_template("signin.html")
    username = request.form.get("username", "").strip()
    runtime = current_app.extensions["civicline"]
    address = request.remote_addr or "-"
    wait = throttle.blocked_for(runtime.redis, username, address)
    if wait:
        minutes = (wait + 59) // 60
        flash(_("Too many failed sign-in attempts. Try again in %(minutes)d minutes.", minutes=minutes), "error")
        return render_template("signin.html", username=username), 429
    staff = _check(username, request.form.get("password", ""))
    if staff is None:
        throttle.record_failure(runtime.redis, username, address)
        flash(_("Wrong username or password."), "error")
        return render_template("signin.html", username=username), 401
    throttle.clear(runtime.redis, username, address)
    session.clear()  # a fresh session on sign-in, so a planted session id is worthless
    login_user(staff)
    return redirect(_safe_next(request.args.get("next")))


def _check(username: str, password: str):
    runtime = current_app.extensions["civicline"]
    with runtime.session() as db:
        user = db.exec(select(User).where(User.username == username)).first()
        if not passwords.verify(user.password_hash if user else None, password) or not user.active:
            return None
        user.last_login_at = utcnow()
        db.add(user)
        db.flush()
        return load_staff(db, user.id)


def _safe_next(target: str | None) -> str:
    # Only local paths: an attacker's link must not bounce a fresh sign-in to their site.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("inbox.inbox")


@bp.post("/signout")
def signout():
    logout_user()
    session.clear()
    return redirect(url_for("signin.signin"))


@bp.post("/language")
@login_required
def language():
    chosen = request.form.get("language", "")
    if chosen in LANGUAGES:
        with current_app.extensions["civicline"].session() as db:
            user = db.get(User, current_user.id)
            user.language = chosen
            db.add(user)
    return redirect(_safe_next(request.form.get("next")))
