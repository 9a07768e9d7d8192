"""The JSON API of departments working one case: assisting tasks, returns and arbitration, supervision notices.

The same steps and the same permission rules as the case page
(`web.collaboration`); the install's API token acts as a supervisor.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from feedback.collaboration import notices, ownership, returns, tasks
from feedback.collaboration.errors import CollaborationError
from feedback.collaboration.models import AssistTask, CaseReturn, SupervisionNotice
from feedback.metrics import departments
from web import collaboration
from web.access import case_or_404, reach
from web.api import _bad_request, _iso, _not_found, _session, _write_session, api_auth
from web.dashboard.views import BadFilter, _filter

bp = Blueprint("collaboration_api", __name__, url_prefix="/api")
bp.register_error_handler(CollaborationError, _bad_request)
bp.register_error_handler(BadFilter, _bad_request)
bp.register_error_handler(404, _not_found)


@bp.get("/departments/ranking")
@api_auth
def ranking():
    """Rank the departments for a period (start, end: local days) on the 三率 and the on-time rate."""
    if not g.actor.at_least("supervisor"):
        return jsonify(error="only supervisors see the ranking"), 403
    report = _filter()
    with _session() as session:
        rows = departments.ranking(session, report)
    return jsonify(start=report.start.isoformat(), end=report.end.isoformat(), departments=[
        {"rank": rank, "department_id": row.department_id, "cases": row.cases,
         **{name: getattr(row, name) for name in departments.RATES}, "score": row.score,
         "return_rate": row.return_rate, **dict(row.counts)}
        for rank, row in enumerate(rows, 1)
    ])  # fmt: skip


@bp.get("/cases/<reference>/collaboration")
@api_auth
def show(reference: str):
    """Return the case's assisting tasks, returns, supervision notices and first-contact agent."""
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference)
        return jsonify(
            reference=case.reference,
            lead_department_id=case.department_id,
            reach=reach(session, g.actor, case),
            first_contact_user_id=ownership.owner_of(session, case.id),
            tasks=[task_json(t) for t in tasks.for_case(session, case.id)],
            returns=[return_json(r) for r in returns.for_case(session, case.id)],
            notices=[notice_json(n) for n in notices.for_case(session, case.id)],
        )


@bp.post("/cases/<reference>/assists")
@api_auth
def add_assist(reference: str):
    return _perform(reference, "assist")


@bp.post("/cases/<reference>/assists/<int:task_id>/done")
@api_auth
def finish_assist(reference: str, task_id: int):
    return _perform(reference, "assist_done", task_id=task_id)


@bp.post("/cases/<reference>/assists/<int:task_id>/release")
@api_auth
def release_assist(reference: str, task_id: int):
    return _perform(reference, "assist_release", task_id=task_id)


@bp.post("/cases/<reference>/returns")
@api_auth
def return_case(reference: str):
    return _perform(reference, "return")


@bp.post("/cases/<reference>/returns/<int:return_id>/decision")
@api_auth
def decide_return(reference: str, return_id: int):
    return _perform(reference, "arbitrate", return_id=return_id)


@bp.post("/cases/<reference>/notices")
@api_auth
def issue_notice(reference: str):
    return _perform(reference, "notice")


@bp.post("/cases/<reference>/notices/<int:notice_id>/reply")
@api_auth
def reply_notice(reference: str, notice_id: int):
    return _perform(reference, "notice_reply", notice_id=notice_id)


def _perform(reference: str, action: str, **ids: int):
    """Apply one step with the JSON body's fields; answer with the case's collaboration afterwards."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise CollaborationError("send a JSON object")
    values = {**body, **ids}
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference)
        collaboration.ACTIONS[action](session, case, g.actor, values)
        session.flush()
        answer = {
            "reference": case.reference,
            "lead_department_id": case.department_id,
            "tasks": [task_json(t) for t in tasks.for_case(session, case.id)],
            "returns": [return_json(r) for r in returns.for_case(session, case.id)],
            "notices": [notice_json(n) for n in notices.for_case(session, case.id)],
        }
    return jsonify(answer), 201


def task_json(task: AssistTask) -> dict:
    return {
        "id": task.id, "department_id": task.department_id, "text": task.text, "due_at": _iso(task.due_at),
        "beyond_limit_reason": task.beyond_limit_reason, "status": task.status, "part": task.part,
        "reason": task.reason, "created_by": task.created_by, "created_at": _iso(task.created_at),
        "finished_by": task.finished_by, "finished_at": _iso(task.finished_at), "late": task.late_at is not None,
    }  # fmt: skip


def return_json(record: CaseReturn) -> dict:
    return {
        "id": record.id, "department_id": record.department_id, "reason_code": record.reason_code,
        "text": record.text, "status": record.status, "created_by": record.created_by,
        "created_at": _iso(record.created_at), "to_department_id": record.to_department_id,
        "decision_reason": record.decision_reason, "decided_by": record.decided_by,
        "decided_at": _iso(record.decided_at),
    }  # fmt: skip


def notice_json(notice: SupervisionNotice) -> dict:
    return {
        "id": notice.id, "department_id": notice.department_id, "text": notice.text,
        "reply_by": _iso(notice.reply_by), "issued_by": notice.issued_by, "issued_at": _iso(notice.issued_at),
        "reply": notice.reply, "replied_by": notice.replied_by, "replied_at": _iso(notice.replied_at),
        "escalated": notice.escalated_at is not None,
    }  # fmt: skip
