"""Assisted intake: staff record a case for someone who phoned the office or walked in.

The contact is stored like any other (`channels.intake.store`, channel 'phone'
or 'in_person', a generated external id) so the inbound pipeline routes it and
acknowledges it; those channels answer by SMS (`channels.registry.REPLY_VIA`).
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlmodel import col, select

from channels import intake
from channels.base import Contact
from channels.models import Interaction
from core import language, queues, signals, urns
from feedback.cases.fields import MAX_ADDRESS
from feedback.cases.models import Case
from router import kinds
from router.identity import names, recognise
from staff.models import Department
from web.access import current_actor

bp = Blueprint("assisted_intake", __name__)
CHANNELS = ("phone", "in_person")


@bp.route("/intake", methods=["GET", "POST"])
@login_required
def record():
    if request.method == "GET":
        return render_template("intake.html", form={}, departments=_departments())
    form = request.form
    try:
        actor = current_actor()
        contact = build_contact(form, actor.name, actor.departments)
    except ValueError as exc:
        flash(str(exc), "error")
        return render_template("intake.html", form=form, departments=_departments()), 400
    runtime = current_app.extensions["civicline"]
    _remember_name(runtime, contact.urn, form.get("name", "").strip(), contact.text)
    intake.store(runtime.engine, [contact])
    signals.request_drain(runtime.queue(queues.INBOUND), "jobs.inbound.drain")
    flash(_("Recorded. The citizen will get the acknowledgement by SMS."), "ok")
    return redirect(url_for("assisted_intake.recorded", external_id=contact.external_id))


@bp.get("/intake/recorded/<external_id>")
@login_required
def recorded(external_id: str):
    """Show the reference of the case a walk-in became, to read back to the caller (the page waits for the worker)."""
    actor = current_actor()
    with current_app.extensions["civicline"].read_session() as session:
        contact = session.exec(
            select(Interaction).where(col(Interaction.channel).in_(CHANNELS), Interaction.external_id == external_id)
        ).first()
        if contact is not None and (contact.payload or {}).get("recorded_by") != actor.name:
            abort(404)  # another member of staff's walk-in
        case = session.get(Case, contact.case_id) if contact is not None and contact.case_id else None
        if case is not None and not actor.can_see(case.department_id):
            case = None  # routed out of the recorder's sight: the citizen still gets the reference by SMS
    return render_template("intake_recorded.html", case=case, waiting=contact is None or contact.case_id is None)


def build_contact(form, recorded_by: str, departments: frozenset[int] | None = frozenset()) -> Contact:
    """Check the form and turn it into a contact, as a channel would.

    The recording agent's departments go with it: the worker joins no case outside them
    (`feedback.intake.assisted`); None is a supervisor's, who may join any.
    """
    settings = current_app.extensions["civicline"].settings
    channel, text = form.get("channel", ""), form.get("text", "").strip()
    if channel not in CHANNELS:
        raise ValueError(_("Choose how the citizen reached us: by phone or in person."))
    if not text:
        raise ValueError(_("Write down what the citizen asked for."))
    try:
        urn = urns.tel(form.get("phone", ""), settings.default_region)
    except urns.InvalidURN:
        raise ValueError(_("That is not a phone number we can send an SMS to.")) from None
    payload = {
        "recorded_by": recorded_by,
        "departments": None if departments is None else sorted(departments),
        "name": form.get("name", "").strip()[:200],
        **_choices(form, departments),
    }
    return Contact(channel=channel, urn=urn, external_id=f"{channel}-{uuid.uuid4().hex}", text=text, payload=payload)


def _departments() -> list[Department]:
    """Return the departments the recording agent may send a case to (all of them for supervisors)."""
    actor = current_actor()
    with current_app.extensions["civicline"].read_session() as session:
        found = session.exec(select(Department).where(Department.active).order_by(col(Department.id))).all()
        return [d for d in found if actor.can_see(d.id)]


def _choices(form, departments: frozenset[int] | None) -> dict:
    """Check what staff chose for the case (kind, department, address); empty ones are left to the router."""
    kind, department, address = (form.get(k, "").strip() for k in ("kind", "department_id", "address"))
    chosen: dict = {}
    if kind:
        if kind not in kinds.KINDS:
            raise ValueError(_("Choose a kind of matter from the list."))
        chosen["kind"] = kind
    if department:
        if not department.isdigit() or (departments is not None and int(department) not in departments):
            raise ValueError(_("Choose one of your departments, or leave the department to the router."))
        chosen["department_id"] = int(department)
    if len(address) > MAX_ADDRESS:
        raise ValueError(_("The address is at most %(n)d characters.", n=MAX_ADDRESS))
    if address:
        chosen["address"] = address
    return chosen


def _remember_name(runtime, urn: str, name: str, text: str) -> None:
    # The worker finds the same citizen by URN; naming them here keeps the name with the record.
    with runtime.session() as session:
        spoken = language.detect(text, runtime.settings.default_language)
        citizen, _created = recognise.resolve(session, urn, spoken)
        if name and not citizen.name:
            names.typed_by_staff(session, citizen, name)
