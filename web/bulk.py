"""Bulk actions from the inbox: assign, transfer or close several cases at once, each as on its own page.

Every case goes through the same checks and handlers as the case page's action
(its department must be the agent's, a transfer needs a reason, only
supervisors assign to others, the lifecycle decides what may close), in its
own transaction: one refusal leaves the others done, and the page says which.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.exceptions import NotFound

from web.access import case_or_404, current_actor
from web.case_page import ACTIONS
from web.i18n import explain

bp = Blueprint("bulk", __name__)
BULK_ACTIONS = {"assign": "assign", "claim": "claim", "transfer": "transfer", "close": "status"}
MAX_CASES = 200


@bp.post("/inbox/bulk")
@login_required
def apply():
    """Apply one action to the chosen cases; report how many were done and why any were not."""
    action = BULK_ACTIONS.get(request.form.get("action", ""))
    references = [r.strip() for r in request.form.getlist("case") if r.strip()][:MAX_CASES]
    back = redirect(request.form.get("back", "") if _local(request.form.get("back", "")) else url_for("inbox.inbox"))
    if action is None or not references:
        flash(_("Choose some cases and an action."), "error")
        return back
    form = request.form.to_dict()
    if action == "status":
        form["status"] = "closed"
    done, refused = 0, []
    for reference in references:
        reason = _one(reference, action, form)
        if reason is None:
            done += 1
        else:
            refused.append(f"{reference}: {reason}")
    flash(_("%(n)d cases done.", n=done), "ok")
    if refused:
        flash(_("Not done: %(reason)s", reason="; ".join(refused)), "error")
    return back


def _one(reference: str, action: str, form: dict) -> str | None:
    """Apply the action to one case in its own transaction; return why not, or None when done."""
    actor = current_actor()
    try:
        with current_app.extensions["civicline"].session() as session:
            case = case_or_404(session, actor, reference, lead=True)
            ACTIONS[action](session, case, actor, form)
    except NotFound:
        return _("no such case")
    except ValueError as exc:
        return explain(exc)
    return None


def _local(path: str) -> bool:
    """Only go back to a page of this site (never to another host named in the form)."""
    return path.startswith("/") and not path.startswith("//")
