"""Proactive task pages (未诉先办): supervisors make tasks from what the hotline learnt; departments do them.

A task is seen by the staff of its department and by supervisors; to anyone
else it does not exist (404). The reports a task answers are listed only
where the viewer may see those cases.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required
from sqlmodel import Session, col, select

from core import localtime
from core.clock import utcnow
from feedback.cases.models import Case
from feedback.outreach import reporters
from feedback.outreach.models import TASK
from feedback.proactive import actions
from feedback.proactive.models import OPEN, SOURCES, STATUSES, ProactiveTask
from staff.models import Department, User, UserDepartment
from web.access import Actor, current_actor
from web.i18n import explain
from web.sessions import role_required
from web.timefmt import hotline_zone

bp = Blueprint("proactive", __name__, url_prefix="/tasks")
MAX_CASES_IN_LINK = 500


@bp.get("")
@login_required
def list_tasks():
    """The tasks of the viewer's departments (all for supervisors), soonest deadline first."""
    actor = current_actor()
    status = request.args.get("status", OPEN)
    status = status if status in STATUSES else OPEN
    with _runtime().read_session() as session:
        tasks = actions.listing(session, actor.departments, status)
        names = _names(session)
        session.expunge_all()
    return render_template("tasks.html", tasks=tasks, status=status, statuses=STATUSES, now=utcnow(), **names)


@bp.get("/new")
@role_required("supervisor")
def new():
    """The form, filled in from where the supervisor came (a hot spot, alert, recurring problem or forecast)."""
    args = request.args
    status = 200
    with _runtime().read_session() as session:
        try:
            case_ids = _case_ids(session, args.get("cases", ""))
        except actions.TaskError as exc:  # a stale link: a case since erased or mistyped
            flash(explain(exc), "error")
            case_ids, status = [], 400
        form = {
            "title": args.get("title", "")[:200], "details": args.get("details", "")[:2000],
            "source": args.get("source", "other") if args.get("source") in SOURCES else "other",
            "source_ref": args.get("source_ref", "")[:200], "place": args.get("place", "")[:200],
            "problem": args.get("problem", "")[:64], "cases": ",".join(_references(session, case_ids)),
            "department_id": args.get("department_id") or _usual_department(session, case_ids),
            "owner_id": "", "due_at": _local_input(actions.default_due(session)),
        }  # fmt: skip
        choices = _choices(session)
    # Rendered after the session ends: the page's alerts read the database too, and SQLite has one writer.
    return render_template("task_new.html", form=form, **choices), status


@bp.post("/new")
@role_required("supervisor")
def create():
    actor = current_actor()
    form = request.form
    with _runtime().session() as session:
        try:
            draft = actions.Draft(
                title=form.get("title", ""), details=form.get("details", ""),
                department_id=_int(form.get("department_id")), owner_id=_int(form.get("owner_id")),
                due_at=_parse_local(form.get("due_at", "")), source=form.get("source", "other"),
                source_ref=form.get("source_ref", ""), place=form.get("place", ""), problem=form.get("problem", ""),
                case_ids=tuple(_case_ids(session, form.get("cases", ""))),
            )  # fmt: skip
            task = actions.create(session, draft, actor.name)
            session.commit()
        except actions.TaskError as exc:
            session.rollback()
            flash(explain(exc), "error")
            choices = _choices(session)
            refused = True
        else:
            refused, task_id = False, task.id
    if refused:
        return render_template("task_new.html", form=dict(form), **choices), 400
    flash(_("Task made and sent to the department."), "ok")
    return redirect(url_for("proactive.show", task_id=task_id))


@bp.get("/<int:task_id>")
@login_required
def show(task_id: int):
    """One task: what to do, by when, its history, the reports it answers, and the actions left."""
    actor = current_actor()
    with _runtime().read_session() as session:
        task = _task_or_404(session, actor, task_id)
        reports = actions.reports(session, task_id)
        visible = [case for case in reports if actor.can_see(case.department_id)]
        history = actions.history(session, task_id)
        owners = _owners(session, task.department_id)
        names = _names(session)
        notice = reporters.notice_of(session, TASK, task_id)
        session.expunge_all()
    return render_template(
        "task.html", task=task, reports=visible, hidden=len(reports) - len(visible), history=history,
        owners=owners, now=utcnow(), due_input=_local_input(task.due_at), notice=notice, **names,
    )  # fmt: skip


@bp.post("/<int:task_id>/<action>")
@login_required
def act(task_id: int, action: str):
    """Complete, cancel, give to an owner, or move the deadline (the last three for supervisors)."""
    if action not in ("complete", "cancel", "owner", "due"):
        abort(404)
    actor = current_actor()
    if action != "complete" and not actor.at_least("supervisor"):
        abort(403)
    with _runtime().session() as session:
        task = _task_or_404(session, actor, task_id)
        try:
            message = _apply(session, task, action, actor.name)
            session.commit()
        except actions.TaskError as exc:
            session.rollback()
            flash(explain(exc), "error")
            return redirect(url_for("proactive.show", task_id=task_id))
    flash(message, "ok")
    return redirect(url_for("proactive.show", task_id=task_id))


def _apply(session: Session, task: ProactiveTask, action: str, actor: str) -> str:
    form = request.form
    if action == "complete":
        notice = form.get("notice", "") if form.get("tell") else ""
        told = actions.complete(session, task, form.get("outcome", ""), actor, notice)
        if told:
            return _("Task done; %(count)d citizens who reported it are told.", count=told)
        return _("Task done.")
    if action == "cancel":
        actions.cancel(session, task, form.get("reason", ""), actor)
        return _("Task cancelled.")
    if action == "owner":
        actions.set_owner(session, task, _int(form.get("owner_id")), actor)
        return _("Owner changed.")
    actions.set_due(session, task, _parse_local(form.get("due_at", "")), form.get("reason", ""), actor)
    return _("Deadline moved.")


def _task_or_404(session: Session, actor: Actor, task_id: int) -> ProactiveTask:
    task = session.get(ProactiveTask, task_id)
    if task is None or not actor.can_see(task.department_id):
        abort(404)
    return task


def _choices(session: Session) -> dict:
    departments = list(session.exec(select(Department).order_by(col(Department.code))))
    users = list(session.exec(select(User).where(User.active == True).order_by(col(User.username))))  # noqa: E712
    session.expunge_all()
    return {"departments": departments, "users": users, "sources": SOURCES}


def _owners(session: Session, department_id: int) -> list[User]:
    query = (
        select(User)
        .join(UserDepartment, col(UserDepartment.user_id) == col(User.id))
        .where(UserDepartment.department_id == department_id, User.active == True)  # noqa: E712
        .order_by(col(User.username))
    )
    return list(session.exec(query))


def _names(session: Session) -> dict:
    return {
        "departments": {d.id: d.name(_language()) for d in session.exec(select(Department))},
        "users": {u.id: (u.display_name or u.username) for u in session.exec(select(User))},
    }


def _usual_department(session: Session, case_ids: list[int]) -> str:
    """The department most of the reports went to: where the task most likely belongs."""
    if not case_ids:
        return ""
    found = session.exec(select(Case.department_id).where(col(Case.id).in_(case_ids))).all()
    return str(max(set(found), key=found.count)) if found else ""


def _case_ids(session: Session, raw: str) -> list[int]:
    """Read the reports a task answers, named by their references; unknown ones are refused."""
    references = [part.strip() for part in raw.split(",") if part.strip()][:MAX_CASES_IN_LINK]
    if not references:
        return []
    found = dict(session.exec(select(Case.reference, Case.id).where(col(Case.reference).in_(references))).all())
    missing = [reference for reference in references if reference not in found]
    if missing:
        raise actions.TaskError("no case %(reference)s", reference=missing[0][:20])
    return [found[reference] for reference in references]


def _references(session: Session, case_ids: list[int]) -> list[str]:
    if not case_ids:
        return []
    return list(session.exec(select(Case.reference).where(col(Case.id).in_(case_ids))))


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 12 else None


def _parse_local(raw: str) -> datetime | None:
    """Read a datetime-local field as the hotline's local time; None when it cannot be read."""
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=hotline_zone())).astimezone(UTC)


def _local_input(moment: datetime) -> str:
    return localtime.local(moment, hotline_zone()).strftime("%Y-%m-%dT%H:%M")


def _language() -> str:
    return str(get_locale() or "zh")


def _runtime():
    return current_app.extensions["civicline"]
