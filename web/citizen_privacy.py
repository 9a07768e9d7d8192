"""A citizen's data for supervisors and admins: who viewed it; their tags for segments; export it; erase it on
request.

Supervisors see the views report; admins also export and erase. Anyone else
is answered 404, as for a citizen that does not exist.
"""

from __future__ import annotations

import json
from datetime import timedelta, timezone

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import Session, select

from channels import registry
from core import urns
from core.refusal import Refusal
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.outreach import consent, tags
from feedback.privacy import erasure, export, holdings, viewers
from feedback.privacy.holdings import PrivacyRefused
from router.identity.models import Identity
from router.identity.recognise import find_citizen
from staff.models import Department, User
from web.i18n import explain

bp = Blueprint("citizen_privacy", __name__, url_prefix="/citizens")
MAX_ID = 2**31 - 1


def _runtime():
    return current_app.extensions["civicline"]


def _allowed(role: str) -> None:
    """Answer 404 to anyone below the role: a citizen's record is not theirs to know of."""
    if not current_user.at_least(role):
        abort(404)


def _person(session: Session, citizen_id: int) -> holdings.Person:
    if not 0 < citizen_id <= MAX_ID:
        abort(404)
    try:
        return holdings.person(session, citizen_id)
    except PrivacyRefused:
        abort(404)


@bp.get("")
@login_required
def find():
    """Find a citizen by a case reference, an address (phone, Telegram, email) or a citizen number."""
    _allowed("supervisor")
    query = request.args.get("q", "").strip()[:320]
    if not query:
        return render_template("citizen_find.html", query="")
    with _runtime().read_session() as session:
        citizen_id = _lookup(session, query)
    if citizen_id is None:
        return render_template("citizen_find.html", query=query, missing=True), 404
    return redirect(url_for("citizen_privacy.show", citizen_id=citizen_id))


def _lookup(session: Session, query: str) -> int | None:
    case = session.exec(select(Case).where(Case.reference == query.upper())).first()
    if case is not None:
        return case.citizen_id
    if query.startswith("#") and query[1:].isdigit() and 0 < int(query[1:]) <= MAX_ID:
        return int(query[1:])
    try:
        urn = query if ":" in query else urns.tel(query, _runtime().settings.default_region)
        citizen = find_citizen(session, registry.normalise_urn(urn, _runtime().settings.default_region))
    except urns.InvalidURN:
        return None
    return citizen.id if citizen else None


@bp.get("/<int:citizen_id>")
@login_required
def show(citizen_id: int):
    """The citizen's data page: what is held, who viewed their cases, and (admins) export and erase."""
    _allowed("supervisor")
    offset = _runtime().settings.report_utc_offset_hours
    zone = timezone(timedelta(hours=offset))
    with _runtime().read_session() as session:
        who = _person(session, citizen_id)
        their_cases = holdings.cases(session, who)
        facts = {
            "who": who,
            "cases": their_cases,
            "open_count": sum(case.status in OPEN_STATUSES for case in their_cases),
            "addresses": len(session.exec(select(Identity.id).where(Identity.citizen_id == who.citizen.id)).all()),
            "views": viewers.views(session, who),
            "consent": consent.history(session, who.citizen.id),
            "tags": tags.of(session, who.citizen_ids),
            "tag_history": tags.history(session, who.citizen_ids),
            "actions": viewers.actions(session, who),
            "departments": {d.id: d for d in session.exec(select(Department))},
            "usernames": {u.id: u.username for u in session.exec(select(User))},
        }
    # Rendered once the session is closed: the page's frame reads alerts in a session of its own.
    return render_template("citizen_privacy.html", zone=zone, zone_label=f"UTC{offset:+g}", **facts)


@bp.post("/<int:citizen_id>/tags")
@login_required
def add_tag(citizen_id: int):
    """Give the citizen a tag that segments can select them by (supervisors; audited)."""
    _allowed("supervisor")
    try:
        with _runtime().session() as session:
            who = _person(session, citizen_id)
            added = tags.add(session, who.citizen.id, request.form.get("tag", "")[:1000], current_user.user.username)
    except Refusal as exc:
        flash(explain(exc), "error")
    else:
        flash(_("Tag added.") if added else _("The citizen already has this tag."), "ok")
    return redirect(url_for("citizen_privacy.show", citizen_id=citizen_id), 303)


@bp.post("/<int:citizen_id>/tags/remove")
@login_required
def remove_tag(citizen_id: int):
    """Take a tag off the citizen (supervisors; audited)."""
    _allowed("supervisor")
    with _runtime().session() as session:
        who = _person(session, citizen_id)
        removed = tags.remove(session, who.citizen_ids, request.form.get("tag", ""), current_user.user.username)
    if not removed:
        abort(404)
    flash(_("Tag removed."), "ok")
    return redirect(url_for("citizen_privacy.show", citizen_id=citizen_id), 303)


@bp.post("/<int:citizen_id>/export")
@login_required
def export_json(citizen_id: int):
    """Download everything held about the citizen as JSON (refused while cases are open, unless forced)."""
    _allowed("admin")
    try:
        with _runtime().session() as session:
            _person(session, citizen_id)
            document = export.export(session, citizen_id, current_user.user.username, *_reason_and_force())
    except PrivacyRefused as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("citizen_privacy.show", citizen_id=citizen_id), 303)
    body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    filename = f"citizen-{document['citizen']['id']}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})  # fmt: skip


@bp.post("/<int:citizen_id>/erase")
@login_required
def erase(citizen_id: int):
    """Anonymise the citizen everywhere, with the reason kept (refused while cases are open, unless forced)."""
    _allowed("admin")
    reason, force = _reason_and_force()
    try:
        with _runtime().session() as session:
            _person(session, citizen_id)
            erasure.erase(session, _runtime().blobs, citizen_id, current_user.user.username, reason, force)
    except PrivacyRefused as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
    else:
        flash(_("The citizen's personal information was erased; the figures stay."), "ok")
    return redirect(url_for("citizen_privacy.show", citizen_id=citizen_id), 303)


def _reason_and_force() -> tuple[str, bool]:
    return request.form.get("reason", "").strip()[:2000], request.form.get("force") == "1"
