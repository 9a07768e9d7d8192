"""Hot spots for supervisors (a page) and integrators (`GET /api/hotspots`): what many citizens report where.

Both read the period from `start` and `end` (local dates, YYYY-MM-DD, end
included; the last 30 days by default) and mine the cases opened in it.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import gettext as _

from core import localtime
from core.api_token import token_required
from core.clock import iso_utc
from feedback.hotspots import recurring, snapshot
from feedback.hotspots.mining import HotSpot
from web.sessions import role_required
from web.timefmt import hotline_zone

bp = Blueprint("hotspots", __name__)
LONGEST_DAYS = 366


class PeriodError(ValueError):
    """The period asked for cannot be read, or is longer than a year."""


def _period() -> tuple[date, date]:
    """Return the local start and end dates asked for (end included)."""
    today = localtime.today(hotline_zone())
    try:
        end = date.fromisoformat(request.args["end"]) if request.args.get("end") else today
        start = (
            date.fromisoformat(request.args["start"]) if request.args.get("start") else end - timedelta(snapshot.DAYS)
        )
    except ValueError as exc:
        raise PeriodError("start and end are dates written YYYY-MM-DD") from exc
    if start > end or (end - start).days > LONGEST_DAYS:
        raise PeriodError("start must come before end, at most a year apart")
    return start, end


def _spots(start: date, end: date) -> list[HotSpot]:
    with current_app.extensions["civicline"].read_session() as session:
        return snapshot.compute(session, hotline_zone(), start, end)


@bp.get("/hotspots")
@role_required("supervisor")
def page():
    """The hottest groups of cases in the period, each with its place, time range, description and cases."""
    try:
        start, end = _period()
    except PeriodError:
        start, end = _period_default()
        problem = _("Dates are written YYYY-MM-DD, the start before the end, at most a year apart.")
    else:
        problem = None
    runtime = current_app.extensions["civicline"]
    kept = snapshot.read(runtime.redis)
    if kept is not None and (kept.start, kept.end) == (start, end):
        spots, computed_at = kept.spots, kept.computed_at
    else:
        spots, computed_at = _spots(start, end)[:50], None
    if kept is not None:
        repeating = kept.recurring
    else:
        with runtime.read_session() as session:
            repeating = recurring.find(session)[:50]
    return render_template(
        "hotspots.html", spots=spots, start=start, end=end, problem=problem, recurring=repeating,
        weeks=recurring.WINDOW.days // 7, computed_at=computed_at,
    )  # fmt: skip


def _period_default() -> tuple[date, date]:
    return snapshot.default_period(hotline_zone())


@bp.get("/api/hotspots")
@token_required
def api():
    """List hot spots of the period, hottest first: heat, place, description, times, reporters and case references."""
    try:
        start, end = _period()
    except PeriodError as exc:
        return jsonify(error=str(exc)), 400
    body = [
        {
            "rank": rank,
            "heat": spot.heat,
            "place": spot.place,
            "description": spot.description,
            "first_contact_at": iso_utc(spot.first),
            "last_contact_at": iso_utc(spot.last),
            "reporters": spot.reporters,
            "cases": [member.id for member in spot.members],
        }
        for rank, spot in enumerate(_spots(start, end)[:100], start=1)
    ]
    return jsonify(start=start.isoformat(), end=end.isoformat(), hotspots=body)
