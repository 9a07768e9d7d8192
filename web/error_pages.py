"""Error pages: 403, 404 and 500 in the staff pages' own layout and the reader's language.

Integrations (the JSON API, Open311, channel webhooks, the live stream) keep
short JSON answers instead: a program reads those, not a person.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

MACHINE_PATHS = ("/api/", "/open311/", "/channels/", "/live/", "/health")
log = logging.getLogger("civicline.web")


def init_app(app: Flask) -> None:
    """Answer 403, 404 and 500 with a page (or JSON for integrations)."""
    for code in (403, 404, 500):
        app.register_error_handler(code, page)


def page(exc: HTTPException):
    """Render the error in the app's layout; never fail while doing so."""
    code = exc.code if isinstance(exc, HTTPException) and exc.code else 500
    if isinstance(exc, InternalServerError) and exc.original_exception is not None:
        log.error("error serving %s", request.path, exc_info=exc.original_exception)
    if request.path.startswith(MACHINE_PATHS) or request.accept_mimetypes.best == "application/json":
        return jsonify(error={403: "forbidden", 404: "not found"}.get(code, "internal error")), code
    try:
        return render_template("error.html", code=code), code
    except Exception:  # the page itself failed (the database is down, say): a plain answer still goes out
        log.exception("the error page for %s could not be drawn", code)
        return f"error {code}", code
