"""Departments working one case, on the case page: assisting tasks, returns and arbitration, supervision notices.

Who may do what: the lead department (and supervisors) add and release
assisting tasks and return the case; an assisting department posts its part;
the centre's supervisors decide returns and issue notices; the department a
notice names replies to it. Everyone else gets the same 404 as for no case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlmodel import Session

from core import localtime
from feedback.cases.models import Case
from feedback.collaboration import notices, ownership, returns, tasks
from feedback.collaboration.errors import CollaborationError
from staff.models import User
from web.access import Actor, case_or_404, current_actor, reach
from web.i18n import explain

bp = Blueprint("collaboration", __name__, url_prefix="/cases")


def context(session: Session, case: Case, actor: Actor) -> dict:
    """Return what the case page shows about the departments working the case."""
    owner = ownership.owner_of(session, case.id) if case.id else None
    owner_user = session.get(User, owner) if owner else None
    return {
        "collab_reach": reach(session, actor, case),
        "collab_tasks": tasks.for_case(session, case.id),
        "collab_returns": returns.for_case(session, case.id),
        "collab_pending": returns.pending(session, case.id),
        "collab_notices": notices.for_case(session, case.id),
        "collab_reasons": returns.REASONS,
        "collab_owner": (owner_user.display_name or owner_user.username) if owner_user else None,
        "collab_supervisor": actor.at_least("supervisor"),
        "collab_mine": actor.departments,
    }


def _number(values: Mapping[str, object], name: str) -> int:
    raw = str(values.get(name, "")).strip()
    if not raw.isdigit() or len(raw) > 9:  # a database integer, whatever was typed
        raise CollaborationError("%(name)s must be a whole number", name=name)
    return int(raw)


def _text(values: Mapping[str, object], name: str) -> str:
    value = values.get(name, "")
    return value if isinstance(value, str) else ""


def reply_by(raw: str) -> datetime:
    """Read a reply-by date (a day, due at its end) or moment in the hotline's time zone, as UTC."""
    zone = localtime.zone(current_app.extensions["civicline"].settings.hotline_timezone)
    try:
        moment = datetime.fromisoformat(raw) if "T" in raw else datetime.combine(date.fromisoformat(raw), time(23, 59))
        return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(UTC)
    except (ValueError, OverflowError):
        raise CollaborationError("the reply-by date must read like 2026-05-01") from None


def _assist(session, case, actor, values) -> str:
    _need(actor, case, session, "lead")
    tasks.add(session, case, _number(values, "department_id"), _text(values, "text"), _number(values, "working_days"),
              actor.name, _text(values, "beyond_limit_reason"))  # fmt: skip
    return _("Assisting department added.")


def _assist_done(session, case, actor, values) -> str:
    _need(actor, case, session, "lead", "assisting")
    tasks.complete(session, case, _number(values, "task_id"), _text(values, "part"), actor.name, actor.departments)
    return _("Your part is with the lead department; the task is done.")


def _assist_release(session, case, actor, values) -> str:
    _need(actor, case, session, "lead")
    tasks.release(session, case, _number(values, "task_id"), _text(values, "reason"), actor.name)
    return _("Assisting task released.")


def _return(session, case, actor, values) -> str:
    _need(actor, case, session, "lead")
    returns.return_case(session, case, _text(values, "reason_code"), _text(values, "text"), actor.name)
    return _("Case returned: the hotline centre will decide where it belongs.")


def _arbitrate(session, case, actor, values) -> str:
    if not actor.at_least("supervisor"):
        raise CollaborationError("only the hotline centre's supervisors decide returns")
    returns.decide(session, case, _number(values, "return_id"), _number(values, "department_id"),
                   _text(values, "reason"), actor.name)  # fmt: skip
    return _("Return decided.")


def _notice(session, case, actor, values) -> str:
    if not actor.at_least("supervisor"):
        raise CollaborationError("only supervisors issue supervision notices")
    notices.issue(session, case, _number(values, "department_id"), _text(values, "text"),
                  reply_by(_text(values, "reply_by").strip()), actor.name)  # fmt: skip
    return _("Supervision notice issued.")


def _notice_reply(session, case, actor, values) -> str:
    _need(actor, case, session, "lead", "assisting")
    notices.answer(session, case, _number(values, "notice_id"), _text(values, "text"), actor.name, actor.departments)
    return _("Reply to the supervision notice recorded.")


def _need(actor: Actor, case: Case, session: Session, *ways: str) -> None:
    if reach(session, actor, case) not in ways:
        raise CollaborationError("only the lead department does this")


ACTIONS: dict[str, Callable[[Session, Case, Actor, Mapping[str, object]], str]] = {
    "assist": _assist,
    "assist_done": _assist_done,
    "assist_release": _assist_release,
    "return": _return,
    "arbitrate": _arbitrate,
    "notice": _notice,
    "notice_reply": _notice_reply,
}


@bp.post("/<reference>/collab/<action>")
@login_required
def act(reference: str, action: str):
    """Apply one collaboration step from the case page, then show the case (or the inbox if it left our view)."""
    handler = ACTIONS.get(action)
    if handler is None:
        abort(404)
    actor = current_actor()
    runtime = current_app.extensions["civicline"]
    try:
        with runtime.session() as session:
            case = case_or_404(session, actor, reference)
            message = handler(session, case, actor, request.form)
            session.flush()
            still_visible = reach(session, actor, case) is not None
    except ValueError as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("case_page.show", reference=reference))
    flash(message, "ok")
    if not still_visible:
        return redirect(url_for("inbox.inbox"))
    return redirect(url_for("case_page.show", reference=reference))
