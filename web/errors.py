"""No input gives a 500: numbers out of range, JSON nested too deep, values the database refuses.

Ids in URLs are bounded where they are matched, so `/cases/x/123…` is simply
not found; JSON bodies are refused before a parser can recurse through them;
and what still slips past (a huge number in a query string or form, bound
into SQL) is answered 400 here instead of a traceback.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from sqlalchemy.exc import DataError
from werkzeug.routing import IntegerConverter

from core import json_depth

log = logging.getLogger(__name__)
MAX_ID = 2**31 - 1  # PostgreSQL's integer; every id column is one


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` that matches only ids the database can hold: a bigger number is a 404, not an overflow."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Install the bounded converter (before any route is added) and the refusals."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(_refuse_deep_json)
    app.register_error_handler(OverflowError, _out_of_range)
    app.register_error_handler(DataError, _out_of_range)
    app.register_error_handler(RecursionError, _too_deep)


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
