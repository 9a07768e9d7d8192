"""The call-back worklist page: callers waiting for an agent's call, oldest first, and the form to record a try."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlmodel import Session

from core.clock import utcnow
from feedback.callbacks import worklist
from feedback.callbacks.models import CallbackRequest
from feedback.cases.models import Case
from feedback.sla.policies import load_calendar
from web.access import current_actor
from web.i18n import explain

bp = Blueprint("callbacks", __name__, url_prefix="/callbacks")
NEXT_TRY_MINUTES = (15, 30, 60, 120, 240, 1440)
PAGE_LIMIT = 200


@bp.get("")
@login_required
def worklist_page():
    """Show the waiting call-back requests the agent's departments may see, oldest first."""
    actor = current_actor()
    with current_app.extensions["civicline"].read_session() as session:
        zone = load_calendar(session).zone
        rows = list(session.exec(actor.visible(worklist.waiting_query()).limit(PAGE_LIMIT)))
        earlier = {
            req.id: _visible(actor, worklist.earlier_cases(session, req.citizen_id, case.id)) for req, case in rows
        }
        session.expunge_all()
    return render_template(
        "callbacks.html", rows=rows, earlier=earlier, zone=zone, now=utcnow(), minutes=NEXT_TRY_MINUTES,
        local=lambda moment: moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else "",
    )  # fmt: skip


def _visible(actor, cases: list[Case]) -> list[Case]:
    return [case for case in cases if actor.can_see(case.department_id)]


@bp.post("/<int:request_id>/attempts")
@login_required
def record(request_id: int):
    """Record one call for a request: the outcome, and when to try again if nobody answered."""
    actor = current_actor()
    form = request.form
    raw_minutes = form.get("next_try_in", "60")
    minutes = int(raw_minutes) if raw_minutes.isdigit() and int(raw_minutes) in NEXT_TRY_MINUTES else 60
    try:
        with current_app.extensions["civicline"].session() as session:
            callback = _request_or_404(session, actor, request_id)
            status = worklist.record_attempt(
                session, callback, form.get("outcome", ""), utcnow() + timedelta(minutes=minutes),
                form.get("note", ""), actor.name,
            )  # fmt: skip
    except ValueError as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("callbacks.worklist_page"))
    flash(_message(status), "ok")
    return redirect(url_for("callbacks.worklist_page"))


def _request_or_404(session: Session, actor, request_id: int) -> CallbackRequest:
    callback = session.get(CallbackRequest, request_id, with_for_update=True)
    case = session.get(Case, callback.case_id) if callback is not None else None
    if callback is None or case is None or not actor.can_see(case.department_id):
        abort(404)
    return callback


def _message(status: str) -> str:
    if status == "reached":
        return _("Reached: the request is done.")
    if status == "wrong_number":
        return _("Wrong number: the request is closed.")
    if status == "gave_up":
        return _("That was the last try: the citizen has been sent an SMS and the request is closed.")
    return _("Try recorded; the request stays on the list.")
