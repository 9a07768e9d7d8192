"""Device cookies (OWASP's answer to lockout as denial of service): a browser that signed in as a user before
is not held back when strangers' guesses have locked that username.

After a successful sign-in the browser gets a signed, long-lived cookie naming the username. While the
username is locked, an attempt that carries it is still let through to the password check, within the
per-address limit; everyone else waits. The cookie grants nothing else: the password is still needed.
"""

from __future__ import annotations

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "civicline_device"
MAX_AGE = 180 * 24 * 60 * 60
_SALT = "civicline-device-cookie"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _name(username: str) -> str:
    return username.strip().casefold()


def known(username: str) -> bool:
    """Tell whether this browser has signed in as this username before (a valid device cookie)."""
    raw = request.cookies.get(COOKIE, "")
    if not raw or len(raw) > 1000:
        return False
    try:
        return _serializer().loads(raw, max_age=MAX_AGE) == _name(username)
    except BadSignature:
        return False


def remember(response: Response, username: str) -> Response:
    """Give the browser a device cookie for the username it just signed in as."""
    response.set_cookie(
        COOKIE,
        _serializer().dumps(_name(username)),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        path="/signin",
    )
    return response
