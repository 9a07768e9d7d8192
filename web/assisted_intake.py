"""Assisted intake: staff record a case for someone who phoned the office or walked in.

The contact is stored like any other (`channels.intake.store`, channel 'phone'
or 'in_person', a generated external id) so the inbound pipeline routes it and
acknowledges it; those channels answer by SMS (`channels.registry.REPLY_VIA`).
"""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from channels import intake
from channels.base import Contact
from core import language, queues, signals, urns
from router.identity import names, recognise
from web.access import current_actor

bp = Blueprint("assisted_intake", __name__)
CHANNELS = ("phone", "in_person")


@bp.route("/intake", methods=["GET", "POST"])
@login_required
def record():
    if request.method == "GET":
        return render_template("intake.html", form={})
    form = request.form
    try:
        actor = current_actor()
        contact = build_contact(form, actor.name, actor.departments)
    except ValueError as exc:
        flash(str(exc), "error")
        return render_template("intake.html", form=form), 400
    runtime = current_app.extensions["civicline"]
    _remember_name(runtime, contact.urn, form.get("name", "").strip(), contact.text)
    intake.store(runtime.engine, [contact])
    signals.request_drain(runtime.queue(queues.INBOUND), "jobs.inbound.drain")
    flash(_("Recorded. The citizen will get the acknowledgement by SMS."), "ok")
    return redirect(url_for("assisted_intake.record"))


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
    }
    return Contact(channel=channel, urn=urn, external_id=f"{channel}-{uuid.uuid4().hex}", text=text, payload=payload)


def _remember_name(runtime, urn: str, name: str, text: str) -> None:
    # The worker finds the same citizen by URN; naming them here keeps the name with the record.
    with runtime.session() as session:
        spoken = language.detect(text, runtime.settings.default_language)
        citizen, _created = recognise.resolve(session, urn, spoken)
        if name and not citizen.name:
            names.typed_by_staff(session, citizen, name)
