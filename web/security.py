"""CSRF on every form, and headers that keep message content from ever running in a staff browser."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from core.api_token import token_given

csrf = CSRFProtect()
# Providers and the SMS sandbox cannot carry a CSRF token: they prove themselves by signature instead.
# Provider webhooks are signed, Open311 filings carry an API key, survey and unsubscribe links carry a signed token.
EXEMPT_BLUEPRINTS = ("channels", "sms_sandbox", "open311", "survey", "unsubscribe")
# The JSON API: a request with no session cookie behind it cannot be forged by a browser, and is answered
# 401 by the view (as documented), not 400 for a missing CSRF token. Signed-in staff still need the token.
API_BLUEPRINTS = ("api", "citizens_api", "users_api", "incidents_api", "collaboration_api")
CSP = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def init_app(app: Flask) -> None:
    """Check CSRF tokens ourselves, so token-authenticated API calls and webhooks can skip it."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # valid for the session's life; slow offices keep tabs open
    csrf.init_app(app)
    app.before_request(_check_csrf)
    app.after_request(_secure_headers)


def allow_larger_uploads(app: Flask, endpoint: str, limit: int) -> None:
    """Let one endpoint accept bodies above MAX_CONTENT_LENGTH (checked before the CSRF check reads the form)."""
    app.config.setdefault("UPLOAD_LIMITS", {})[endpoint] = limit


def _check_csrf() -> None:
    limit = current_app.config.get("UPLOAD_LIMITS", {}).get(request.endpoint)
    if limit:
        request.max_content_length = limit
    if request.method in ("GET", "HEAD", "OPTIONS") or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.blueprint in EXEMPT_BLUEPRINTS or token_given():
        return
    if request.blueprint in API_BLUEPRINTS and not _signed_in():
        return
    csrf.protect()


def _signed_in() -> bool:
    return bool(current_user and current_user.is_authenticated)


def _secure_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response
