"""The seasonal calendar page (民情月历): what each coming month is expected to bring, and what to prepare for."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from feedback.seasons import calendar
from web.sessions import role_required
from web.timefmt import hotline_zone

bp = Blueprint("season_calendar", __name__, url_prefix="/calendar")


@bp.get("")
@role_required("supervisor")
def page():
    """The stored forecasts, hotline-wide or for one place, with the months to prepare for first."""
    place = request.args.get("place", "").strip()[:200]
    with current_app.extensions["civicline"].read_session() as session:
        places = calendar.places(session)
        if place not in places:
            place = ""
        found = calendar.coming(session, place or None)
        session.expunge_all()
    return render_template("calendar.html", calendar=found, places=places, place=place)


@bp.post("/refresh")
@role_required("supervisor")
def refresh():
    """Recompute the calendar now from all history (it is also recomputed every night)."""
    with current_app.extensions["civicline"].session() as session:
        done = calendar.refresh(session, hotline_zone())
    if done.series:
        flash(_("Calendar recomputed: %(count)d series from %(months)d months of history.",
                count=done.series, months=done.months_of_history), "ok")  # fmt: skip
    else:
        flash(_("Not enough history yet: a kind of problem needs a year of reports to have a season."), "error")
    return redirect(url_for("season_calendar.page"))
