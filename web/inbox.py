"""The agents' inbox pages: folders, filters, search, and a small poll so new contacts appear by themselves."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import login_required
from sqlmodel import col, select

from channels import registry
from feedback.cases.statuses import STATUSES
from router.identity.models import Citizen
from staff.models import Department, User
from web import inbox_query
from web.access import current_actor
from web.citizen_labels import citizen_labels
from web.inbox_query import FILTERS, InboxRequest

bp = Blueprint("inbox", __name__)
PRIORITIES = ("urgent", "high", "normal", "low")


@bp.get("/")
def home():
    return redirect(url_for("inbox.inbox"))


def _wanted() -> InboxRequest:
    page = request.args.get("page", "1")
    return InboxRequest(
        folder=request.args.get("folder", "mine"),
        filters={key: request.args.get(key, "") for key in FILTERS},
        search=request.args.get("q", "")[:200],
        page=int(page) if page.isdigit() and int(page) > 0 else 1,
        sort=request.args.get("sort", "priority") if request.args.get("sort") in inbox_query.SORTS else "priority",
    )


def _context() -> dict:
    actor, wanted = current_actor(), _wanted()
    runtime = current_app.extensions["civicline"]
    region = runtime.settings.default_region
    with runtime.read_session() as session:
        departments = list(session.exec(select(Department).where(Department.active).order_by(col(Department.id))))
        mine = [d for d in departments if actor.can_see(d.id)]
        if wanted.folder not in inbox_query.folders(actor) and wanted.folder not in {f"dept:{d.id}" for d in mine}:
            wanted = InboxRequest("mine", wanted.filters, wanted.search, wanted.page, wanted.sort)
        counts = inbox_query.counts(session, actor, wanted, region, [d.id for d in mine])
        known = None if wanted.search.strip() else counts.get(wanted.folder)
        cases, total = inbox_query.page(session, actor, wanted, region, known)
        citizens = {
            c.id: c for c in session.exec(select(Citizen).where(col(Citizen.id).in_([c.citizen_id for c in cases])))
        }
        marker = inbox_query.marker(session, actor)
        unread = inbox_query.unread_ids(session, cases)
        people = citizen_labels(session, list(citizens.values()))
        users = {u.id: u.display_name or u.username for u in session.exec(select(User))}
    return {
        "unread": unread,
        "searching": bool(wanted.search.strip()),
        "folder_of": lambda case: inbox_query.folder_of(case, actor),
        "people": people,
        "users": users,
        "wanted": wanted,
        "cases": cases,
        "total": total,
        "counts": counts,
        "marker": marker,
        "folders": inbox_query.folders(actor),
        "departments": {d.id: d for d in departments},
        "my_departments": mine,
        "citizens": citizens,
        "pages": max(1, -(-min(total, inbox_query.CAP) // inbox_query.PAGE_SIZE)),
        "more_than": inbox_query.CAP if total > inbox_query.CAP else None,
        "statuses": STATUSES,
        "channels": registry.SOURCES,
        "priorities": PRIORITIES,
    }


@bp.get("/inbox")
@login_required
def inbox():
    return render_template("inbox.html", **_context())


@bp.get("/inbox/rows")
@login_required
def rows():
    """Return just the folder list and the case table, for the page's poll to swap in."""
    return render_template("inbox_rows.html", **_context())


@bp.get("/inbox/poll.json")
@login_required
def poll():
    """Return a fingerprint of the visible cases; the page refreshes its rows only when it changes."""
    with current_app.extensions["civicline"].read_session() as session:
        return jsonify(marker=inbox_query.marker(session, current_actor()))
