"""Supervisors' incident pages: what many citizens report at once, checked, split, merged and answered together."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import select

from core.clock import utcnow
from feedback.cases.models import Case
from feedback.incidents import actions, linking, surges
from feedback.incidents.models import Incident
from feedback.outreach import reporters
from feedback.outreach.models import INCIDENT
from staff.models import Department
from web.access import current_actor
from web.i18n import explain
from web.sessions import role_required

bp = Blueprint("incidents", __name__, url_prefix="/incidents")
ALERTS_SHOWN = timedelta(days=7)


@bp.get("")
@role_required("supervisor")
def list_incidents():
    """Open incidents, latest report first, with how many citizens reported each."""
    runtime = current_app.extensions["civicline"]
    with runtime.read_session() as session:
        found = actions.open_incidents(session, None)
        alerts = surges.recent(session, utcnow() - ALERTS_SHOWN)
        session.expunge_all()
    return render_template("incidents.html", incidents=found, alerts=alerts, alert_days=ALERTS_SHOWN.days)


@bp.get("/<int:incident_id>")
@role_required("supervisor")
def show(incident_id: int):
    """One incident: its reports, and the actions that confirm, split, merge or answer it."""
    runtime = current_app.extensions["civicline"]
    with runtime.read_session() as session:
        incident = session.get(Incident, incident_id)
        if incident is None:
            abort(404)
        cases = linking.reports(session, incident_id)
        departments = {d.id: d for d in session.exec(select(Department))}
        others = [i for i, _n in actions.open_incidents(session, None) if i.id != incident_id]
        notice = reporters.notice_of(session, INCIDENT, incident_id)
        session.expunge_all()
    return render_template("incident.html", incident=incident, cases=cases, departments=departments, others=others,
                           notice=notice)  # fmt: skip


@bp.post("/<int:incident_id>/<action>")
@role_required("supervisor")
def act(incident_id: int, action: str):
    """Confirm, split a case out, merge another incident in, or answer every reporter."""
    if action not in ("confirm", "split", "merge", "answer"):
        abort(404)
    actor = current_actor()
    runtime = current_app.extensions["civicline"]
    try:
        with runtime.session() as session:
            incident = session.get(Incident, incident_id)
            if incident is None:
                abort(404)
            message = _apply(session, incident, action, actor.name)
    except actions.IncidentError as exc:
        flash(explain(exc), "error")
        return redirect(url_for("incidents.show", incident_id=incident_id))
    flash(message, "ok")
    return redirect(url_for("incidents.show", incident_id=incident_id))


def _apply(session, incident: Incident, action: str, actor: str) -> str:
    form = request.form
    if action == "confirm":
        actions.confirm(session, incident, actor)
        return _("Confirmed as one incident.")
    if action == "split":
        case = session.exec(select(Case).where(Case.reference == form.get("reference", ""))).first()
        if case is None:
            raise actions.IncidentError("no case %(reference)s in this incident", reference=form.get("reference", ""))
        actions.split(session, incident, case, actor)
        return _("Case %(reference)s is no longer part of this incident.", reference=case.reference)
    if action == "merge":
        other_id = form.get("other", "")
        other = session.get(Incident, int(other_id)) if other_id.isdigit() and len(other_id) < 10 else None
        if other is None:
            raise actions.IncidentError("choose the incident to merge into this one")
        moved = actions.merge(session, incident, other, actor)
        return _("%(count)d reports moved into this incident.", count=moved)
    answered = actions.answer(session, incident, form.get("text", ""), actor, tell_closed=bool(form.get("tell_closed")))
    message = _("Answer queued to %(count)d citizens; their cases are resolved.", count=len(answered.cases))
    if answered.notice is not None:
        message += " " + _("A notice goes to %(count)d citizens whose reports were closed.", count=answered.noticed)
    return message
