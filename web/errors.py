"""No input gives a 500: numbers out of range, JSON nested too deep, values the database refuses.

An id in a URL beyond what the database holds is simply not found; JSON
bodies are refused before a parser can recurse through them; what still slips
past (a huge number in a query string or form, bound into SQL) is answered 400
here instead of a traceback; and under /api/ every refusal is JSON.
"""

from __future__ import annotations

import logging

from flask import Flask, abort, jsonify, request
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from core import json_depth

log = logging.getLogger(__name__)
MAX_ID = 2**31 - 1  # PostgreSQL's integer; every id column is one


def init_app(app: Flask) -> None:
    """Install the id check and the refusals."""
    app.url_value_preprocessor(_ids_in_range)
    app.before_request(_refuse_deep_json)
    app.register_error_handler(OverflowError, _out_of_range)
    app.register_error_handler(DataError, _out_of_range)
    app.register_error_handler(RecursionError, _too_deep)
    app.register_error_handler(HTTPException, _api_answers_json)


def _ids_in_range(_endpoint: str | None, values: dict | None) -> None:
    """An id no row can have is simply not found (matched as a number, so the route's methods still apply)."""
    if values and any(isinstance(v, int) and not 0 <= v <= MAX_ID for v in values.values()):
        abort(404)


def _refuse_deep_json():
    if request.is_json and request.content_length != 0:
        body = request.get_data(cache=True, as_text=True)
        if json_depth.depth(body, stop_above=json_depth.MAX_DEPTH) > json_depth.MAX_DEPTH:
            return _too_deep(None)
    return None


def _out_of_range(exc: Exception):
    log.warning("refused %s %s: %s", request.method, request.path, str(exc).splitlines()[0] if str(exc) else exc)
    return jsonify(error="a number in the request is out of range"), 400


def _too_deep(_exc: Exception | None):
    return jsonify(error=f"JSON nested deeper than {json_depth.MAX_DEPTH} levels"), 400


def _api_answers_json(exc: HTTPException):
    """Answer under /api/ in JSON, as the description promises, even where no API view was reached."""
    if not request.path.startswith("/api/") or exc.code is None:
        return exc
    response = jsonify(error=(exc.name or "error").lower())
    response.status_code = exc.code
    return response
