"""Sign in and out, and each user's choice of language."""

from __future__ import annotations

import logging

import redis
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlmodel import select

from core.clock import utcnow
from staff import passwords
from staff.models import User
from web import device_cookie, sessions, throttle
from web.i18n import LANGUAGES
from web.sessions import load_staff, login_manager

bp = Blueprint("signin", __name__)
log = logging.getLogger("civicline.signin")
REDIS_RETRY_SECONDS = 30
login_manager.login_view = "signin.signin"
login_manager.login_message = None


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    if request.method == "GET":
        return render_template("signin.html")
    username = request.form.get("username", "").strip()[:200]
    runtime = current_app.extensions["civicline"]
    address = request.remote_addr or "-"  # the client's own, behind TRUSTED_PROXY_COUNT proxies (app.py)
    try:
        known = device_cookie.known(username)
        wait = throttle.attempt(runtime.redis, username, address, known)
    except redis.RedisError:
        # Without its counters the throttle cannot tell a guesser from a colleague: nobody signs in
        # until Redis is back; staff already signed in keep working (their sessions live in the cookie and DB).
        log.error("sign-in refused: Redis, which counts sign-in attempts, is unreachable", exc_info=True)
        flash(_("Signing in is unavailable for a moment. Try again in a minute."), "error")
        return render_template("signin.html", username=username), 503, {"Retry-After": str(REDIS_RETRY_SECONDS)}
    if wait:
        minutes = (wait + 59) // 60
        flash(_("Too many failed sign-in attempts. Try again in %(minutes)d minutes.", minutes=minutes), "error")
        return render_template("signin.html", username=username), 429, {"Retry-After": str(wait)}
    staff = _check(username, request.form.get("password", ""))
    if staff is None:
        flash(_("Wrong username or password."), "error")
        return render_template("signin.html", username=username), 401
    try:
        throttle.clear(runtime.redis, username, address, known)
    except redis.RedisError:
        log.warning("could not clear the sign-in counts of %r; they expire by themselves", username)
    session.clear()  # a fresh session on sign-in, so a planted session id is worthless
    login_user(staff)
    sessions.begin(staff)
    return device_cookie.remember(redirect(_safe_next(request.args.get("next"))), username)


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
    """Sign out everywhere: every session of this user ends, in every browser and web process."""
    if current_user.is_authenticated:
        with current_app.extensions["civicline"].session() as db:
            user = db.get(User, current_user.id)
            if user is not None:
                user.end_sessions()
                db.add(user)
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
