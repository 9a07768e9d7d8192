"""The red band at the top of every staff page: urgent cases no supervisor has taken yet.

An alert stays on every supervisor's and admin's pages until one of them takes
it; taking it is recorded on the case with their name and opens the case.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, url_for
from flask_login import current_user
from sqlmodel import col, select

from feedback.answers.emergencies import ALERT
from feedback.cases import events, notifications
from feedback.cases.models import Case, StaffNotification
from web.sessions import role_required

bp = Blueprint("alerts", __name__, url_prefix="/alerts")


@bp.app_context_processor
def _alerts() -> dict:
    return {"urgent_alerts": urgent_alerts}


def urgent_alerts() -> list[tuple[StaffNotification, str]]:
    """Return the signed-in supervisor's untaken urgent alerts with their case references (nothing for others)."""
    if not (current_user and current_user.is_authenticated and current_user.at_least("supervisor")):
        return []
    with current_app.extensions["civicline"].read_session() as session:
        notes = notifications.for_staff(session, current_user, kind=ALERT, limit=20)
        ids = [note.case_id for note in notes if note.case_id is not None]
        references = dict(session.exec(select(Case.id, Case.reference).where(col(Case.id).in_(ids))).all())
    return [(note, references.get(note.case_id, "")) for note in notes]


@bp.post("/<int:note_id>/take")
@role_required("supervisor")
def take(note_id: int):
    """Take an urgent alert: it leaves everyone's pages, the case records who took it, and the case opens."""
    with current_app.extensions["civicline"].session() as session:
        note = session.get(StaffNotification, note_id)
        if note is None or note.kind != ALERT or note.case_id is None:
            abort(404)
        case = session.get(Case, note.case_id)
        if case is None:
            abort(404)
        if note.read_at is None:
            notifications.mark_read(session, note_id)
            events.record(session, note.case_id, "emergency_taken", actor=current_user.user.username)
        reference = case.reference
    return redirect(url_for("case_page.show", reference=reference))
