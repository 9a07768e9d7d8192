"""The ceiling: a bare Flask "hello" app, served by the same gunicorn settings as CivicLine in bench/ingest.py."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.post("/hello")
def hello() -> str:
    return "hello"
