"""The notification area: what needs this member of staff, with an unread count in the menu.

Everything staff are told lands in one table (feedback.cases.notifications):
new assignments, citizens' replies, colleagues' notes, deadline reminders and
breaches, unhappy surveys, extension requests and urgent alerts. This page
lists the ones addressed to the reader — to them, or to their role in their
departments, about cases they may still see — and marks them read for them.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext
from flask_login import current_user, login_required
from sqlmodel import Session, col, select

from core.db import read_only
from feedback.cases import notifications
from feedback.cases.models import Case

bp = Blueprint("notices", __name__, url_prefix="/notifications")
# The headline each kind reads as, in the reader's language; an unknown kind shows the text it was stored with.
HEADLINES = {
    "assigned": lazy_gettext("Case %(reference)s was assigned to you"),
    "citizen_reply": lazy_gettext("The citizen wrote again on case %(reference)s"),
    "note": lazy_gettext("A colleague left a note on case %(reference)s"),
    "sla_reminder": lazy_gettext("A deadline is near on case %(reference)s"),
    "sla_breach": lazy_gettext("Case %(reference)s missed its deadline"),
    "sla_extension": lazy_gettext("An extension is requested on case %(reference)s"),
    "survey_unhappy": lazy_gettext("An unhappy citizen answered the survey on case %(reference)s"),
    "emergency": lazy_gettext("Life in danger: case %(reference)s"),
}


@bp.app_context_processor
def _count() -> dict:
    return {"unread_notices": unread_notices}


def unread_notices() -> int:
    """Return the signed-in user's unread count, counted once per request (0 when signed out)."""
    if not (current_user and current_user.is_authenticated):
        return 0
    if "unread_notices" not in g:
        # A read-only connection: the menu may be drawn inside a page's write transaction, and on SQLite a
        # second writer there would wait for the first forever.
        with read_only(current_app.extensions["civicline"].engine) as connection:
            g.unread_notices = notifications.unread_count(Session(bind=connection), current_user)
    return g.unread_notices


@bp.get("")
@login_required
def page():
    with current_app.extensions["civicline"].read_session() as session:
        rows = notifications.inbox_for(session, current_user, limit=100)
        ids = [note.case_id for note, _read in rows if note.case_id is not None]
        references = dict(session.exec(select(Case.id, Case.reference).where(col(Case.id).in_(ids))).all())
    notes = [(note, read, _headline(note, references.get(note.case_id, ""))) for note, read in rows]
    return render_template("notices.html", notes=notes)


@bp.get("/count.json")
@login_required
def count():
    return jsonify(unread=unread_notices())


@bp.post("/<int:note_id>/read")
@login_required
def read(note_id: int):
    """Mark one note read and open its case (or come back to the list)."""
    with current_app.extensions["civicline"].session() as session:
        note = notifications.read_by(session, current_user, note_id)
        case = session.get(Case, note.case_id) if note is not None and note.case_id else None
        reference = case.reference if case is not None else None
    if note is None:
        return ("", 404)
    if reference and request.form.get("open") == "1":
        return redirect(url_for("case_page.show", reference=reference))
    return redirect(url_for("notices.page"))


@bp.post("/read-all")
@login_required
def read_all():
    with current_app.extensions["civicline"].session() as session:
        notifications.read_all_by(session, current_user)
    return redirect(url_for("notices.page"))


def _headline(note, reference: str) -> str:
    headline = HEADLINES.get(note.kind)
    return str(headline % {"reference": reference}) if headline is not None and reference else note.text
