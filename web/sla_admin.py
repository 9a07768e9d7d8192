"""Pages for time limits: admins edit policies, holidays and working hours; supervisors decide on extensions."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from wtforms.validators import ValidationError

from core.clock import utcnow
from feedback.cases.models import Case
from feedback.sla import extensions
from feedback.sla.calendar import CalendarError, check_timezone, parse_spans, parse_weekdays
from feedback.sla.extensions import ExtensionError
from feedback.sla.models import UNITS, Holiday, SlaExtension, SlaPolicy, WorkingCalendar
from feedback.sla.policies import KINDS, PRIORITIES, SlaConfigError, check_policy, load_calendar, years_without_holidays
from staff.models import Department, User
from web import timefmt
from web.i18n import explain
from web.sessions import role_required

bp = Blueprint("sla_admin", __name__)


class FormError(ValueError):
    """A form value that cannot be used; shown to the user, nothing saved."""


@bp.before_request
def _check_csrf():
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token", ""))
        except (ValidationError, CSRFError):
            abort(400, _("the form expired or did not come from this site; reload the page and try again"))


@bp.app_context_processor
def _csrf_field():
    return {"sla_csrf_token": generate_csrf}


@bp.get("/admin/sla")
@role_required("admin")
def settings_page():
    """Show every policy, the working calendar and the holidays, each editable."""
    with _session() as session:
        policies = session.exec(
            select(SlaPolicy).order_by(SlaPolicy.priority, SlaPolicy.department_code, SlaPolicy.kind)
        ).all()
        holidays = session.exec(select(Holiday).where(col(Holiday.day) >= date(utcnow().year - 1, 1, 1))).all()
        calendar = session.get(WorkingCalendar, 1) or WorkingCalendar()
        departments = session.exec(select(Department).order_by(col(Department.id))).all()
        missing = years_without_holidays(session, utcnow().astimezone(load_calendar(session).zone).date())
    return render_template(
        "sla/settings.html", policies=policies, holidays=sorted(holidays, key=lambda h: h.day), calendar=calendar,
        departments=departments, units=UNITS, kinds=KINDS, priorities=PRIORITIES, years_without_holidays=missing,
    )  # fmt: skip


@bp.post("/admin/sla/policies")
@bp.post("/admin/sla/policies/<int:policy_id>")
@role_required("admin")
def save_policy(policy_id: int | None = None):
    """Create or change a policy; a bad value is explained and nothing is saved."""
    form = request.form
    try:
        with _runtime().session() as session:
            blank = SlaPolicy(first_response_limit=1, resolution_limit=1)
            policy = session.get(SlaPolicy, policy_id) if policy_id else blank
            if policy is None:
                abort(404)
            for name in ("name", "department_code", "kind", "priority", "first_response_unit", "resolution_unit"):
                setattr(policy, name, form.get(name, "").strip())
            policy.first_response_limit = _number(form, "first_response_limit")
            policy.resolution_limit = _number(form, "resolution_limit")
            policy.updated_at = utcnow()
            session.add(check_policy(policy))
            session.flush()
        flash(_("Saved."), "ok")
    except (SlaConfigError, FormError) as exc:
        flash(explain(exc), "error")
    except IntegrityError:
        flash(_("a policy for this department, kind and priority already exists"), "error")
    return redirect(url_for(".settings_page"))


@bp.post("/admin/sla/policies/<int:policy_id>/delete")
@role_required("admin")
def delete_policy(policy_id: int):
    """Remove a policy (open cases keep the limits they started with)."""
    with _runtime().session() as session:
        policy = session.get(SlaPolicy, policy_id)
        if policy is not None and (policy.department_code or policy.kind or policy.priority):
            session.delete(policy)
            flash(_("Deleted."), "ok")
        else:
            flash(_("the catch-all policy cannot be deleted: every case needs a time limit"), "error")
    return redirect(url_for(".settings_page"))


@bp.post("/admin/sla/holidays")
@role_required("admin")
def add_holiday():
    """Add a holiday or a make-up working day."""
    try:
        day = date.fromisoformat(request.form.get("day", ""))
    except ValueError:
        flash(_("the date must read YYYY-MM-DD"), "error")
        return redirect(url_for(".settings_page"))
    with _runtime().session() as session:
        holiday = session.get(Holiday, day) or Holiday(day=day)
        holiday.name = request.form.get("name", "").strip()[:100]
        holiday.workday = request.form.get("workday") == "1"
        session.add(holiday)
    flash(_("Saved."), "ok")
    return redirect(url_for(".settings_page"))


@bp.post("/admin/sla/holidays/<day>/delete")
@role_required("admin")
def delete_holiday(day: str):
    """Remove a holiday or make-up working day."""
    with _runtime().session() as session:
        try:
            holiday = session.get(Holiday, date.fromisoformat(day))
        except ValueError:
            abort(404)
        if holiday is not None:
            session.delete(holiday)
    return redirect(url_for(".settings_page"))


@bp.post("/admin/sla/calendar")
@role_required("admin")
def save_calendar():
    """Change the time zone, working hours or working weekdays."""
    try:
        timezone = check_timezone(request.form.get("timezone", "").strip())
        hours, weekdays = request.form.get("hours", "").strip(), request.form.get("weekdays", "").strip()
        parse_spans(hours), parse_weekdays(weekdays)
    except CalendarError as exc:
        flash(explain(exc), "error")
        return redirect(url_for(".settings_page"))
    with _runtime().session() as session:
        row = session.get(WorkingCalendar, 1) or WorkingCalendar(id=1)
        row.timezone, row.hours, row.weekdays = timezone, hours, weekdays
        session.add(row)
    flash(_("Saved."), "ok")
    return redirect(url_for(".settings_page"))


@bp.get("/sla/extensions")
@role_required("supervisor")
def extensions_page():
    """List extension requests waiting for a supervisor's decision."""
    with _session() as session:
        rows = session.exec(
            select(SlaExtension, Case)
            .join(Case, col(Case.id) == SlaExtension.case_id)
            .where(SlaExtension.status == "pending")
            .order_by(col(SlaExtension.requested_at))
        ).all()
    return render_template("sla/extensions.html", rows=rows)


@bp.post("/sla/extensions/<int:extension_id>/<any(approve, reject):decision>")
@role_required("supervisor")
def decide_extension(extension_id: int, decision: str):
    """Approve or reject one extension request."""
    try:
        with _runtime().session() as session:
            extension = session.get(SlaExtension, extension_id)
            if extension is None:
                abort(404)
            approver = session.get(User, current_user.id)
            action = extensions.approve if decision == "approve" else extensions.reject
            action(session, extension, approver, request.form.get("note", ""))
        flash(_("Approved.") if decision == "approve" else _("Rejected."), "ok")
    except ExtensionError as exc:
        flash(explain(exc), "error")
    return redirect(url_for(".extensions_page"))


@bp.route("/sla/cases/<reference>/extension", methods=["GET", "POST"])
@role_required("agent")
def request_extension(reference: str):
    """Ask for more time on a case's deadline, with a reason."""
    with _runtime().session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).first()
        if case is None or not current_user.can_see_department(case.department_id):
            abort(404)
        zone = timefmt.hotline_zone()  # the agent types the new time as they read the old one
        if request.method == "POST":
            try:
                new_due = _local_datetime(request.form.get("new_due_at", ""), zone)
                extensions.request(session, case, request.form.get("clock", ""), new_due,
                                   request.form.get("reason", ""), current_user.user.username)  # fmt: skip
                flash(_("Extension requested."), "ok")
            except (ExtensionError, FormError) as exc:
                session.rollback()
                session.refresh(case)
                flash(explain(exc), "error")
        session.expunge(case)
    # Rendered after the transaction ends: the page's alerts read the database too, and SQLite has one writer.
    return render_template("sla/request_extension.html", case=case, zone_name=str(zone))


def _local_datetime(raw: str, zone) -> datetime:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise FormError(_("the new due time must read YYYY-MM-DDTHH:MM")) from None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _number(form, name: str) -> float:
    try:
        return float(form.get(name, ""))
    except ValueError:
        raise FormError(_("%(field)s must be a number", field=name.replace("_", " "))) from None


def _runtime():
    return current_app.extensions["civicline"]


def _session():
    return _runtime().read_session()
