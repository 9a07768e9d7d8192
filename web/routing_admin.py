"""The admin's view of routing: which model is active, what it learnt from, how it scored, and what it cannot do.

Departments the model never learnt are routed by their starter keywords
(`router.decision`), so the page names them: an admin sees at once where more
labelled history would help.
"""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, current_app, render_template
from sqlmodel import col, func, select

from router.archive.models import ArchivedTicket
from router.model import classifier as routing_model
from router.model import published, urgency
from staff.models import Department
from web.sessions import role_required

bp = Blueprint("routing_admin", __name__, url_prefix="/admin")


@bp.get("/routing")
@role_required("admin")
def routing_page():
    """Show the active routing model, its training and evaluation, the imported history, and the urgency model."""
    runtime = current_app.extensions["civicline"]
    settings = runtime.settings
    problem = None
    try:
        model = published.active_model(runtime)
    except routing_model.ModelError as exc:
        model, problem = None, str(exc)
    version, history = published.active_version(runtime), published.versions(runtime)
    with runtime.read_session() as session:
        departments = list(session.exec(select(Department).where(col(Department.active)).order_by(col(Department.id))))
        archive = session.exec(
            select(ArchivedTicket.source, func.count())
            .group_by(col(ArchivedTicket.source))
            .order_by(col(ArchivedTicket.source))
        ).all()
    learnt = set(model.labels) if model else set()
    return render_template(
        "admin_routing.html",
        model=model,
        problem=problem,
        version=version,
        versions=history,
        trained_at=model.trained_at if model else None,
        trained_on=Counter(getattr(model, "trained_on", {}) or {}).most_common() if model else [],
        evaluation=getattr(model, "evaluation", None) if model else None,
        known=[d for d in departments if d.code in learnt],
        keywords_only=[d for d in departments if not d.is_triage and d.code not in learnt],
        names={d.code: d.name_zh for d in departments},
        threshold=settings.router_confidence_threshold,
        archive=archive,
        urgency_examples=len(urgency.examples()),
        urgency_sure=urgency.SURE,
        urgency_short=urgency.SHORT,
    )
