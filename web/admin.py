"""Admin pages: staff accounts, departments and their routing keywords, the catalogue import, canned responses."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import col, delete, select

from channels import registry
from core import urns
from feedback.cases import canned
from feedback.sla import breaches
from staff import caps, catalogue, passwords
from staff.catalogue import CatalogueError
from staff.models import ROLES, Department, User, UserDepartment
from web import catalogue_admin, security
from web.i18n import explain
from web.sessions import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
# A provincial taxonomy CSV runs to hundreds of kilobytes, far above a webhook's MAX_BODY_BYTES.
CATALOGUE_MAX_BYTES = 5 * 1024 * 1024


def _runtime():
    return current_app.extensions["civicline"]


@bp.get("/users")
@role_required("admin")
def users():
    with _runtime().read_session() as session:
        people = list(session.exec(select(User).order_by(User.username)))
        links = list(session.exec(select(UserDepartment)))
        departments = {d.id: d for d in session.exec(select(Department))}
    by_user: dict[int, list[Department]] = {}
    for link in links:
        by_user.setdefault(link.user_id, []).append(departments[link.department_id])
    return render_template("admin_users.html", people=people, by_user=by_user, roles=ROLES)


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int | None = None):
    with _runtime().read_session() as session:
        user = session.get(User, user_id) if user_id else User(username="", password_hash="")
        if user is None:
            return ("no such user", 404)
        departments = list(session.exec(select(Department).where(Department.active).order_by(Department.id)))
        chosen = set(session.exec(select(UserDepartment.department_id).where(UserDepartment.user_id == user_id)))
    if request.method == "POST":
        try:
            saved = _save_user(user_id, request.form)
        except ValueError as exc:  # a weak password says why in the reader's language
            flash(explain(exc), "error")
            typed, chosen = _as_typed(user, request.form)  # the admin fixes one field, not the whole form
            return render_template(
                "admin_user.html",
                user=typed,
                departments=departments,
                chosen=chosen,
                roles=ROLES,
                typed_username=request.form.get("username", "")[:64],
            ), 400
        flash(_("Saved %(name)s.", name=saved), "ok")
        return redirect(url_for("admin.users"))
    return render_template("admin_user.html", user=user, departments=departments, chosen=chosen, roles=ROLES)


@bp.post("/users/<int:user_id>/signout")
@role_required("admin")
def end_sessions(user_id: int):
    """End every session of a user at once (a lost phone, a computer left signed in)."""
    with _runtime().session() as session:
        user = session.get(User, user_id)
        if user is None:
            return ("no such user", 404)
        user.end_sessions()
        session.add(user)
        name = user.username
    flash(_("Every session of %(name)s has ended.", name=name), "ok")
    return redirect(url_for("admin.edit_user", user_id=user_id))


def _as_typed(user: User, form) -> tuple[User, set[int]]:
    """Return an unsaved copy of the user as the refused form had it, and the departments ticked."""
    typed = User(
        id=user.id, username=user.username, password_hash="", role=form.get("role", user.role),
        display_name=form.get("display_name", "")[:200], language=form.get("language", user.language),
        languages=",".join(code for code in ("zh", "en") if form.get(f"speaks_{code}")),
        active=bool(form.get("active")), phone=form.get("phone", "")[:32], email=form.get("email", "")[:254],
    )  # fmt: skip
    return typed, {int(raw) for raw in form.getlist("department_ids") if raw.isdigit()}


def _save_user(user_id: int | None, form) -> str:
    """Create or update a user from the form; all or nothing."""
    role = form.get("role", "agent")
    if role not in ROLES:
        raise ValueError(_("Unknown role."))
    with _runtime().session() as session:
        user = session.get(User, user_id) if user_id else None
        if user is None:
            username = form.get("username", "").strip()
            if not username or session.exec(select(User).where(User.username == username)).first():
                raise ValueError(_("Choose a username that is not taken."))
            user = User(username=username, password_hash="")
        password = form.get("password", "")
        if password or not user.password_hash:
            user.password_hash = passwords.hash_password(password, user.username)
            user.end_sessions()  # whoever knew the old password is signed out everywhere
        user.display_name = form.get("display_name", "").strip()[:200]
        user.role = role
        user.language = form.get("language", "zh") if form.get("language") in ("zh", "en") else "zh"
        spoken = [code for code in ("zh", "en") if form.get(f"speaks_{code}")] or [user.language]
        try:
            caps.set_caps(user, form.get("max_open_cases", str(user.max_open_cases)), spoken)
        except caps.CapError as exc:
            raise ValueError(explain(exc)) from None
        if user.active and not form.get("active"):
            user.end_sessions()
        user.active = bool(form.get("active"))
        user.phone, user.email = _alert_addresses(form)
        session.add(user)
        session.flush()
        session.exec(delete(UserDepartment).where(col(UserDepartment.user_id) == user.id))
        for raw in form.getlist("department_ids"):
            if raw.isdigit() and session.get(Department, int(raw)):
                session.add(UserDepartment(user_id=user.id, department_id=int(raw)))
        return user.username


def _alert_addresses(form) -> tuple[str | None, str | None]:
    """Read the mobile number and email where urgent alerts reach a user (both optional), as the channels store them."""
    region = _runtime().settings.default_region
    phone, email = form.get("phone", "").strip(), form.get("email", "").strip()
    try:
        phone_urn = urns.tel(phone, region) if phone else None
    except urns.InvalidURN:
        raise ValueError(_("That is not a phone number we can send an SMS to.")) from None
    try:
        email_urn = registry.normalise_urn("mailto:" + email, region) if email else None
    except urns.InvalidURN:
        raise ValueError(_("That is not an email address.")) from None
    return (
        phone_urn.removeprefix("tel:") if phone_urn else None,
        email_urn.removeprefix("mailto:") if email_urn else None,
    )


@bp.get("/departments")
@role_required("admin")
def departments(status: int = 200):
    with _runtime().read_session() as session:
        rows = list(session.exec(select(Department).order_by(Department.id)))
    return render_template("admin_departments.html", departments=rows), status


@bp.post("/departments/<int:department_id>")
@role_required("admin")
def edit_department(department_id: int):
    form = request.form
    names = form.get("name_zh", "").strip(), form.get("name_en", "").strip()
    if not all(names):
        flash(_("A department needs a Chinese and an English name."), "error")
        return redirect(url_for("admin.departments"))
    with _runtime().session() as session:
        dept = session.get(Department, department_id)
        if dept is None:
            return ("no such department", 404)
        head = form.get("head_contact", "").strip()
        duty = _duty_phone(form.get("duty_phone", ""))
        if duty is False:
            flash(_("The duty phone must be a phone number."), "error")
            return redirect(url_for("admin.departments"))
        if head and breaches.head_urn(head) is None:
            flash(_("The department head's contact must be a mobile number or an email address."), "error")
            return redirect(url_for("admin.departments"))
        dept.name_zh, dept.name_en = names
        dept.head_contact = head[:320] or None
        dept.duty_phone = duty or None
        dept.keywords = catalogue_admin.parse_keywords(form.get("keywords", ""))
        dept.active = dept.is_triage or bool(form.get("active"))
        session.add(dept)
    flash(_("Saved %(name)s.", name=names[0]), "ok")
    return redirect(url_for("admin.departments"))


def _duty_phone(raw: str) -> str | bool | None:
    """Normalise a department's duty phone to E.164 (None when cleared, False when it is no phone number)."""
    if not raw.strip():
        return None
    try:
        return urns.split(urns.tel(raw.strip(), _runtime().settings.default_region))[1]
    except urns.InvalidURN:
        return False


@bp.get("/departments/export")
@role_required("admin")
def export_catalogue():
    """Download the catalogue as the database holds it, to keep or to import elsewhere."""
    with _runtime().read_session() as session:
        text = catalogue.dump(session)
    headers = {"Content-Disposition": 'attachment; filename="departments.toml"'}
    return Response(text, mimetype="application/toml", headers=headers)


@bp.record_once
def _allow_catalogue_uploads(state) -> None:
    security.allow_larger_uploads(state.app, "admin.import_catalogue", CATALOGUE_MAX_BYTES)


@bp.post("/departments/import")
@role_required("admin")
def import_catalogue():
    upload = request.files.get("catalogue")
    if upload is None or not upload.filename:
        flash(_("Choose a file to import."), "error")
        return redirect(url_for("admin.departments"))
    try:
        parsed = catalogue_admin.parse_upload(upload.filename, upload.read())
    except CatalogueError as exc:
        flash(_("Nothing was imported: %(reason)s", reason=str(exc)), "error")
        return departments(status=400)
    with _runtime().session() as session:
        if parsed and isinstance(parsed[0], str):
            count = catalogue_admin.add_named(session, parsed)
        else:
            catalogue.sync(session, parsed)
            count = len(parsed)
    flash(_("Imported: %(count)d departments.", count=count), "ok")
    return redirect(url_for("admin.departments"))


@bp.route("/canned", methods=["GET", "POST"])
@role_required("supervisor")
def canned_responses():
    """Add, edit and delete canned responses, shared or for one department (admins and supervisors)."""
    if request.method == "POST":
        form = request.form
        raw_id = form.get("id", "")
        try:
            with _runtime().session() as session:
                if form.get("delete"):
                    canned.delete(session, int(raw_id) if raw_id.isdigit() else -1)
                    message = _("Canned response deleted.")
                else:
                    language = form.get("language") if form.get("language") in ("zh", "en") else "zh"
                    department = _canned_department(session, form.get("department_id", ""))
                    response_id = int(raw_id) if raw_id.isdigit() else None
                    canned.save(session, form.get("title", ""), language, form.get("body", ""), response_id, department)
                    message = _("Canned response saved.")
            flash(message, "ok")
        except ValueError as exc:
            flash(_("Not done: %(reason)s", reason=explain(exc)), "error")
        return redirect(url_for("admin.canned_responses"))
    with _runtime().read_session() as session:
        rows = canned.all_responses(session)
        departments = list(session.exec(select(Department).where(Department.active).order_by(col(Department.id))))
        session.expunge_all()
    return render_template("admin_canned.html", responses=rows, departments=departments)


def _canned_department(session, raw: str) -> int | None:
    """Read the department a canned response is for; empty is shared by all."""
    if not raw:
        return None
    department = session.get(Department, int(raw)) if raw.isdigit() else None
    if department is None:
        raise canned.CannedError("no such department")
    return department.id
