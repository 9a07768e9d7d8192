"""The install's API token: integrators and operators' scripts send it as `Authorization: Bearer <API_TOKEN>`."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps

from flask import current_app, jsonify, request


def token_given() -> bool:
    """Tell whether the current request carries the install's API token."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    expected = current_app.extensions["civicline"].settings.api_token
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected.encode())


def token_required(view: Callable) -> Callable:
    """Refuse the request with 401 unless it carries the install's API token."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not token_given():
            response = jsonify(error="a valid API token is required: Authorization: Bearer <token>")
            response.headers["WWW-Authenticate"] = "Bearer"
            return response, 401
        return view(*args, **kwargs)

    return wrapped
