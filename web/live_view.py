"""The supervisor's live view (`/live`): the queue now, refreshed every few seconds by fetching its panel."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, render_template
from sqlmodel import select

from channels import journal
from core.clock import utcnow
from feedback.calls import presence as call_presence
from feedback.cases.statuses import OPEN_STATUSES
from feedback.metrics import calls as call_figures
from feedback.metrics import live
from feedback.sla.policies import load_calendar
from staff.models import Department
from web import presence
from web.sessions import role_required

bp = Blueprint("live_view", __name__, url_prefix="/live")
REFRESH_MS = 5000


@bp.get("")
@role_required("supervisor")
def page():
    """Show the live view; its script swaps in a fresh panel every few seconds."""
    return render_template("live.html", refresh_ms=current_app.config.get("LIVE_REFRESH_MS", REFRESH_MS), **_panel())


@bp.get("/panel")
@role_required("supervisor")
def panel():
    """Return the figures alone, rendered and escaped by the server, for the page to swap in."""
    return render_template("live_panel.html", **_panel())


def _panel() -> dict:
    runtime = current_app.extensions["civicline"]
    now = utcnow()
    who = presence.present(runtime.redis)
    with runtime.read_session() as session:
        zone = load_calendar(session).zone
        local_now = now.astimezone(zone)
        midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
        view = live.snapshot(session, now, midnight, who)
        target = runtime.settings.call_service_level_seconds
        calls = call_figures.for_period(session, midnight, now, target, zone)
        board = call_presence.board(session)
        departments = {d.id: d for d in session.exec(select(Department))}
        session.expunge_all()
    journal_engine = journal.engine_for(runtime.engine)
    if journal_engine is not None:  # on SQLite, stored by webhooks and not yet moved in by a worker
        view.contacts_waiting += journal.waiting(journal_engine)

    def local(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else "—"

    def age(moment: datetime | None) -> str:
        if moment is None:
            return "—"
        minutes = int((now - moment).total_seconds() // 60)
        return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"

    return {"view": view, "calls": calls, "board": board, "departments": departments, "statuses": OPEN_STATUSES,
            "zone": str(zone), "local": local, "age": age}  # fmt: skip
