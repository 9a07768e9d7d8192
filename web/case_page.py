"""The case page and the actions on it; every view and change is recorded with who and when."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import col, select

from core import queues, signals
from core.clock import utcnow
from feedback.answers import resolution
from feedback.callbacks import worklist
from feedback.cases import actions, fields, heard, lifecycle, publication, regroup
from feedback.cases.actions import ActionError
from feedback.cases.statuses import OPEN_STATUSES
from feedback.hotspots import recurring
from feedback.incidents import linking
from feedback.proactive import actions as proactive_actions
from router.model import suggestions
from router.priority import HIGH, URGENT
from staff.models import Department, User, UserDepartment
from web import breach_box, citizen_merges, citizen_profile, collaboration, composer, timeline
from web.access import case_or_404, current_actor, reach, record_view
from web.i18n import explain

_URGENCY = re.compile(r"(?:urgent|high)(?: \(follow-up\))?: ([a-z_, ]+)")
bp = Blueprint("case_page", __name__, url_prefix="/cases")


@bp.get("/<reference>")
@login_required
def show(reference: str):
    actor = current_actor()
    runtime = current_app.extensions["civicline"]
    with runtime.session() as session:
        case = case_or_404(session, actor, reference)
        record_view(session, case, actor, "page")
        _seen(session, case, actor)
        context = {
            **_live_part(session, case),
            "panel": timeline.citizen_panel(session, case, actor.departments),
            "colleagues": _colleagues(session, case.department_id),
            "allowed": sorted(lifecycle.allowed(case.status)),
            "canned": composer.canned_for(session, case, _agent_name(), actor.departments),
            "answers": composer.answers_for(session, case, actor),
            "merges": citizen_merges.merges_into(session, case.citizen_id),
            "suggestions": _suggestions(session, case),
            "incident": linking.incident_of_case(session, case.id),
            "recurring": recurring.for_case(session, case.id),
            "tasks": proactive_actions.tasks_for_case(session, case.id),
            "breaches": breach_box.open_breaches(session, case),
            "has_recording": timeline.has_recording(session, case),
            "locations": timeline.locations(session, case),
            "callback": worklist.waiting_for(session, case.id),
            "local_time": breach_box.local_time(session),
            **collaboration.context(session, case, actor),
        }
        session.expunge_all()
    return render_template(
        "case.html", attachment_kind=timeline.attachment_kind, attachment_name=timeline.attachment_name, **context
    )


@bp.get("/<reference>/live")
@login_required
def live_part(reference: str):
    """Return the case's facts and timeline alone, for the open page to swap in when the case changes.

    Not an audited view (the page that asks was recorded when it opened), but it does count as the
    assignee having seen what it shows.
    """
    actor = current_actor()
    with current_app.extensions["civicline"].session() as session:
        case = case_or_404(session, actor, reference)
        _seen(session, case, actor)
        context = _live_part(session, case)
        session.expunge_all()
    return render_template(
        "_case_live.html", attachment_kind=timeline.attachment_kind, attachment_name=timeline.attachment_name, **context
    )


def _live_part(session, case) -> dict:
    entries = timeline.entries(session, case)
    return {
        "case": case,
        "entries": entries,
        "departments": list(session.exec(select(Department).where(Department.active).order_by(Department.id))),
        "users": timeline.user_names(session),
        "urgency": urgency_reasons(case),
        "splittable": case.status in OPEN_STATUSES
        and sum(1 for e in entries if e.message and e.message.direction == "in") > 1,
    }


def _agent_name() -> str:
    user = current_user.user
    return user.display_name or user.username


def _seen(session, case, actor) -> None:
    """The assignee has now read everything the citizen wrote: the inbox drops the unread marker."""
    if actor.user_id is not None and actor.user_id == case.assignee_id:
        case.assignee_seen_at = utcnow()
        session.add(case)


def urgency_reasons(case) -> list[str]:
    """Return the kinds of danger that made an urgent or high case so, as the router wrote them in its rule."""
    if case.priority not in (URGENT, HIGH) or not case.routing_rule:
        return []
    found = _URGENCY.findall(case.routing_rule)
    return [kind.strip() for kind in found[-1].split(",")] if found else []


def _suggestions(session, case) -> list[suggestions.Suggestion]:
    """Return the router's guesses for a case waiting in triage; other cases have a department already."""
    department = session.get(Department, case.department_id)
    if department is None or not department.is_triage or case.status not in OPEN_STATUSES:
        return []
    return suggestions.for_text(session, case.summary)


def _colleagues(session, department_id: int) -> list[User]:
    """Return active users who work this department (or all departments), for the assign menu."""
    members = select(UserDepartment.user_id).where(UserDepartment.department_id == department_id)
    query = select(User).where(User.active, (col(User.id).in_(members)) | (col(User.role) != "agent"))
    return list(session.exec(query.order_by(User.username)))


@bp.post("/<reference>/<action>")
@login_required
def act(reference: str, action: str):
    """Apply one action from the case page's forms, then show the case (or the inbox if it left our view)."""
    handler = ACTIONS.get(action)
    if handler is None:
        return ("no such action", 404)
    actor = current_actor()
    runtime = current_app.extensions["civicline"]
    try:
        with runtime.session() as session:
            case = case_or_404(session, actor, reference)
            if reach(session, actor, case) not in BEYOND_LEAD.get(action, ("lead",)):
                raise ActionError(_("only the lead department does this"))
            message = handler(session, case, actor, request.form)
            still_visible = reach(session, actor, case) is not None
    except ValueError as exc:  # refusals from the domain (lifecycle, answers, merges) and from the forms
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("case_page.show", reference=reference))
    if action in ("reply", "resolve"):
        signals.request_drain(runtime.queue(queues.OUTBOUND), "jobs.outbound.drain")
    flash(message, "ok")
    if not still_visible:
        return redirect(url_for("inbox.inbox"))
    return redirect(url_for("case_page.show", reference=reference))


def _reply(session, case, actor, form) -> str:
    actions.reply(session, case, form.get("text", ""), actor.name)
    return _("Reply queued.")


def _note(session, case, actor, form) -> str:
    actions.note(session, case, form.get("text", ""), actor.name)
    return _("Note added.")


def _claim(session, case, actor, form) -> str:
    actions.assign(session, case, actor.user_id, actor.name)
    return _("The case is yours.")


def _assign(session, case, actor, form) -> str:
    raw = form.get("assignee_id", "")
    if not actor.at_least("supervisor") and raw not in ("", str(actor.user_id)):
        raise ActionError(_("only supervisors assign cases to others"))
    assignee = int(raw) if raw.isdigit() else None
    if assignee is not None and session.get(User, assignee) is None:
        raise ActionError(_("no such user"))
    actions.assign(session, case, assignee, actor.name)
    return _("Assignment saved.")


def _transfer(session, case, actor, form) -> str:
    raw = form.get("department_id", "")
    if not raw.isdigit():
        raise ActionError(_("choose a department"))
    actions.transfer(session, case, int(raw), form.get("reason", ""), actor.name)
    return _("Case transferred.")


def _resolve(session, case, actor, form) -> str:
    resolution.resolve_with_answer(session, case, form.get("text", ""), actor.name)
    return _("Answer queued; the case is resolved and the citizen will be asked how satisfied they are.")


def _merge(session, case, actor, form) -> str:
    if not actor.at_least("supervisor"):
        raise ActionError(_("only supervisors merge citizen records"))
    settings = current_app.extensions["civicline"].settings
    citizen_merges.merge_into_case_citizen(session, case, form.get("other", ""), actor.name, settings)
    return _("The two records are now one citizen.")


def _unmerge(session, case, actor, form) -> str:
    if not actor.at_least("supervisor"):
        raise ActionError(_("only supervisors merge citizen records"))
    raw = form.get("merge_id", "")
    citizen_merges.undo_for_case(session, case, int(raw) if raw.isdigit() else -1, actor.name)
    return _("The merge is undone.")


def _profile(session, case, actor, form) -> str:
    changed = citizen_profile.update_from_form(session, case, form, actor.name)
    return _("Citizen details saved.") if changed else _("Nothing to save: the details were already so.")


def _shared(session, case, actor, form) -> str:
    shared = citizen_profile.set_shared_from_form(session, case, form, actor.name)
    if shared:
        return _("Marked as shared: each message from this address will open its own case.")
    return _("No longer marked as shared.")


def _priority(session, case, actor, form) -> str:
    actions.set_priority(session, case, form.get("priority", ""), form.get("reason", ""), actor.name)
    return _("Priority changed; the time limits follow it.")


def _kind(session, case, actor, form) -> str:
    actions.set_kind(session, case, form.get("kind", ""), actor.name)
    return _("Kind changed; the time limits follow it.")


def _heard(session, case, actor, form) -> str:
    moved = heard.write_down(session, case, form.get("text", ""), actor.name)
    if moved:
        return _("Summary saved; the case went to the department it names.")
    return _("Summary saved as the case's text.")


def _public(session, case, actor, form) -> str:
    public = form.get("public") == "1"
    publication.set_public(session, case, public, actor.name)
    if public:
        return _("The case is public: its text and answer appear in Open311.")
    return _("The case is private: Open311 shows only its status.")


def _acknowledge(session, case, actor, form) -> str:
    breach_box.acknowledge_from_form(session, case, actor, form)
    return _("Acknowledged: the missed deadline leaves the alerts, with your note on the case.")


def _status(session, case, actor, form) -> str:
    actions.change_status(session, case, form.get("status", ""), actor.name, form.get("reason", ""))
    return _("Status changed.")


# Who reaches a case other than through its department may do only these: the agent who first handled it
# (首接负责) stays the citizen's point of contact, and an assisting department may leave notes for the lead.
BEYOND_LEAD = {"reply": ("lead", "owner"), "note": ("lead", "owner", "assisting")}


def _details(session, case, actor, form) -> str:
    tags = fields.parse_tags(form.get("tags", ""))
    changed = fields.set_details(session, case, form.get("subject", ""), form.get("address", ""), tags, actor.name)
    return _("Details saved.") if changed else _("Nothing to save: the details were already so.")


def _split(session, case, actor, form) -> str:
    raw = form.get("message_id", "")
    new = regroup.split(session, case, int(raw) if raw.isdigit() else -1, actor.name)
    return _("The message is now case %(reference)s.", reference=new.reference)


def _merge_case(session, case, actor, form) -> str:
    other = regroup.other_case(session, form.get("other", ""))
    if other is None or not actor.can_see(other.department_id):
        raise ActionError(_("no case %(reference)s", reference=form.get("other", "").strip()[:20]))
    moved = regroup.merge(session, case, other, actor.name)
    return _("Case %(reference)s merged into this one (%(n)d messages).", reference=other.reference, n=moved)


ACTIONS = {
    "reply": _reply,
    "note": _note,
    "claim": _claim,
    "assign": _assign,
    "transfer": _transfer,
    "status": _status,
    "priority": _priority,
    "kind": _kind,
    "resolve": _resolve,
    "merge": _merge,
    "unmerge": _unmerge,
    "profile": _profile,
    "shared": _shared,
    "acknowledge": _acknowledge,
    "heard": _heard,
    "public": _public,
    "details": _details,
    "split": _split,
    "merge_case": _merge_case,
}
