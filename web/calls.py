"""Live calls in the workspace: an agent's line (available/busy/away, phone, queues), the supervisors' board,
and the call page that pops up as the agent's phone rings, with the wrap-up form."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import Session, col, func, select

from feedback.calls import conference, presence, transfer, warm, wrapup
from feedback.calls.models import OFFERED, PRESENCES, QUEUED, CallOffer, LiveCall
from feedback.cases.models import Case
from router import kinds
from staff.models import Department, User
from web.access import current_actor
from web.i18n import explain

bp = Blueprint("calls", __name__, url_prefix="/calls")


def _runtime():
    return current_app.extensions["civicline"]


def _me(session: Session) -> User:
    user = session.get(User, current_user.id)
    assert user is not None  # signed in
    return user


@bp.get("/line")
@login_required
def line_page():
    """The agent's own line: availability, the phone calls ring, the queues served, and the call they are on."""
    with _runtime().session() as session:
        line = presence.line_for(session, _me(session))
        call = session.get(LiveCall, line.call_id) if line.call_id is not None else None
        keyed = list(_runtime().settings.department_keys().values())
        active = select(Department.code).where(col(Department.code).in_(keyed), col(Department.active).is_(True))
        known = set(session.exec(active))
        session.expunge_all()
    codes = [code for code in keyed if code in known]  # in the menu's order; codes naming no department are left out
    department_queues = [f"{language}-{code}" for code in codes for language in ("zh", "en")]
    return render_template(
        "calls_line.html", line=line, call=call, presences=PRESENCES, department_queues=department_queues
    )


@bp.post("/line")
@login_required
def update_line():
    """Set availability, or the phone and queues (one form each)."""
    form = request.form
    region = _runtime().settings.default_region
    try:
        with _runtime().session() as session:
            me = _me(session)
            if "presence" in form:
                presence.set_presence(session, me, form["presence"])
            else:
                presence.set_phone(session, me, form.get("phone", ""), region)
                presence.set_queues(session, me, form.get("queues", "").replace("，", ",").split(","))
    except ValueError as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("calls.line_page"))
    flash(_("Saved."), "ok")
    return redirect(url_for("calls.line_page"))


@bp.get("/board")
@login_required
def board():
    """Supervisors: who is available, busy or away, who is on a call, and how many callers wait in each queue."""
    if not current_user.at_least("supervisor"):
        abort(404)
    with _runtime().read_session() as session:
        rows = presence.board(session)
        waiting = dict(
            session.exec(  # type: ignore[arg-type]
                select(LiveCall.queue, func.count())
                .where(col(LiveCall.state).in_((QUEUED, OFFERED)))
                .group_by(col(LiveCall.queue))
            ).all()
        )
        session.expunge_all()
    return render_template("calls_board.html", rows=rows, waiting=waiting)


@bp.get("/<int:call_id>")
@login_required
def show(call_id: int):
    """The screen pop: the caller's record, open cases and last contacts; the wrap-up form once answered."""
    with _runtime().read_session() as session:
        call = _call_or_404(session, call_id)
        seen = wrapup.screen(session, call)
        actor = current_actor()
        cases = [case for case in seen.open_cases if actor.can_see(case.department_id)]
        hidden = len(seen.open_cases) - len(cases)
        departments = list(session.exec(select(Department).where(Department.active).order_by(col(Department.id))))
        filed = session.get(Case, call.case_id) if call.case_id is not None else None
        queues = [name for name in transfer.queues_served(session) if name != call.queue]
        agents = transfer.agents_free(session, call.agent_id) if call.state == "talking" else []
        transfers = wrapup.transfers(session, call_id)
        consultations = wrapup.consultations(session, call_id)
        duty_departments = conference.duty_departments(session) if call.state == "talking" else []
        duty_calls = conference.history(session, call_id)
        consulted = warm.consulting(session, call_id) if call.holding else None
        consulted_name = _name(session, consulted.agent_id) if consulted is not None else None
        session.expunge_all()
    return render_template(
        "call.html", call=call, seen=seen, cases=cases, hidden=hidden, departments=departments, kinds=kinds.KINDS,
        filed=filed, waited=wrapup.waited(call), queues=queues, agents=agents, transfers=transfers,
        duty_departments=duty_departments, duty_calls=duty_calls, consulted=consulted, consulted_name=consulted_name,
        consultations=consultations,
    )  # fmt: skip


@bp.post("/<int:call_id>/wrapup")
@login_required
def wrap_up(call_id: int):
    """File the call: a new case, an existing case of the caller, or information only."""
    form = request.form
    raw_department = form.get("department_id", "")
    try:
        with _runtime().session() as session:
            call = _call_or_404(session, call_id)
            case = wrapup.wrap_up(
                session, call, _me(session), form.get("what", ""), form.get("summary", ""), form.get("kind", ""),
                int(raw_department) if raw_department.isdigit() else None, form.get("reference", ""),
            )  # fmt: skip
            reference = case.reference if case is not None else None
    except ValueError as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("calls.show", call_id=call_id))
    if reference is not None:
        flash(_("The call is on case %(reference)s.", reference=reference), "ok")
        return redirect(url_for("case_page.show", reference=reference))
    flash(_("The call is recorded as information only."), "ok")
    return redirect(url_for("calls.line_page"))


@bp.post("/<int:call_id>/transfer")
@login_required
def transfer_call(call_id: int):
    """Send the caller on to another queue (a cold transfer)."""
    runtime = _runtime()
    with runtime.read_session() as session:
        _call_or_404(session, call_id)
    try:
        transfer.to_queue(runtime, call_id, request.form.get("queue", "").strip())
    except ValueError as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("calls.show", call_id=call_id))
    flash(_("The caller is on their way to queue %(queue)s.", queue=request.form.get("queue", "")), "ok")
    return redirect(url_for("calls.line_page"))


@bp.post("/<int:call_id>/transfer-agent")
@login_required
def transfer_to_agent(call_id: int):
    """Ring a named available agent for the caller (a cold transfer)."""
    runtime = _runtime()
    with runtime.read_session() as session:
        _call_or_404(session, call_id)
    raw = request.form.get("agent_id", "")
    try:
        if not raw.isdigit():
            raise transfer.TransferRefusal("choose another agent")
        name = transfer.to_agent(runtime, call_id, int(raw))
    except ValueError as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("calls.show", call_id=call_id))
    flash(_("%(name)s's phone is ringing for the caller.", name=name), "ok")
    return redirect(url_for("calls.line_page"))


@bp.post("/<int:call_id>/duty-phone")
@login_required
def call_duty_phone(call_id: int):
    """Bring a department's duty phone into the call (三方通话); the caller and the agent stay on."""
    runtime = _runtime()
    with runtime.read_session() as session:
        _call_or_404(session, call_id)
    raw = request.form.get("department_id", "")
    try:
        if not raw.isdigit():
            raise conference.ConferenceRefusal("choose the department whose duty phone to call")
        name = conference.bring_in(runtime, call_id, int(raw), current_user.id, str(get_locale() or "zh"))
    except ValueError as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("calls.show", call_id=call_id))
    flash(_("The duty phone of %(name)s is ringing; the caller and you stay on the line.", name=name), "ok")
    return redirect(url_for("calls.show", call_id=call_id))


@bp.post("/<int:call_id>/consult")
@login_required
def consult(call_id: int):
    """Put the caller on hold and ring another agent (named, or a queue's next free one) to talk to first."""
    raw, queue = request.form.get("agent_id", ""), request.form.get("queue", "").strip()

    def ring(runtime) -> str:
        if queue:
            return warm.consult_queue(runtime, call_id, queue)
        return warm.consult(runtime, call_id, int(raw) if raw.isdigit() else 0)

    return _warm(call_id, ring, lambda name: _("%(name)s's phone is ringing; the caller is on hold.", name=name))


@bp.post("/<int:call_id>/consult/complete")
@login_required
def consult_complete(call_id: int):
    """Hand the held caller over to the agent consulted."""
    return _warm(call_id, lambda runtime: warm.complete(runtime, call_id),
                 lambda name: _("The caller is now with %(name)s.", name=name), done=True)  # fmt: skip


@bp.post("/<int:call_id>/consult/cancel")
@login_required
def consult_cancel(call_id: int):
    """Take the held caller back (the consulted agent's phone is hung up)."""
    return _warm(
        call_id, lambda runtime: warm.cancel(runtime, call_id), lambda _name: _("The caller is back with you.")
    )


def _warm(call_id: int, step, said, done: bool = False):
    """Run a step of a warm transfer for the agent holding the call (or a supervisor), flashing its outcome."""
    runtime = _runtime()
    with runtime.read_session() as session:
        call = _call_or_404(session, call_id)
        if call.agent_id != current_user.id and not current_user.at_least("supervisor"):
            abort(404)
    try:
        name = step(runtime)
    except ValueError as exc:
        flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("calls.show", call_id=call_id))
    flash(said(name), "ok")
    return redirect(url_for("calls.line_page") if done else url_for("calls.show", call_id=call_id))


def _name(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return (user.display_name or user.username) if user is not None else "?"


def _call_or_404(session: Session, call_id: int) -> LiveCall:
    """The call, for the agent it was offered to or who took it, or a supervisor; 404 for anyone else."""
    call = session.get(LiveCall, call_id)
    if call is None:
        abort(404)
    if current_user.at_least("supervisor") or call.agent_id == current_user.id:
        return call
    offered = select(CallOffer.id).where(CallOffer.call_id == call_id, CallOffer.agent_id == current_user.id)
    if session.exec(offered).first() is None:
        abort(404)
    return call
