"""The JSON API for staff tools and integrators (token-protected)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from sqlmodel import col, func, select

from channels.models import Interaction
from feedback.models import Case
from router.models import Citizen, Department, Identity
from web.auth import token_required

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_LIMIT = 200


class BadQuery(ValueError):
    """A query parameter with a value we cannot use."""


@bp.errorhandler(BadQuery)
def _bad_query(exc: BadQuery):
    return jsonify(error=str(exc)), 400


@bp.get("/cases")
@token_required
def list_cases():
    """List cases, newest first; filter by status, department code, citizen URN, priority, region or segment."""
    limit = _int_arg("limit", 50, 1, MAX_LIMIT)
    offset = _int_arg("offset", 0, 0, 10**9)
    query = select(Case, Department).join(Department, col(Department.id) == Case.department_id)
    if status := request.args.get("status"):
        query = query.where(Case.status == status)
    if code := request.args.get("department"):
        query = query.where(Department.code == code)
    if urn := request.args.get("urn"):
        query = query.join(Identity, col(Identity.citizen_id) == Case.citizen_id).where(Identity.urn == urn)
    query = _segment_filters(query)
    with _session() as session:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        rows = session.exec(query.order_by(col(Case.opened_at).desc(), col(Case.id).desc()).offset(offset).limit(limit))
        cases = [_case_json(case, dept) for case, dept in rows]
    return jsonify(total=total, limit=limit, offset=offset, cases=cases)


@bp.get("/cases/<reference>")
@token_required
def get_case(reference: str):
    """Return one case with its messages in and out."""
    with _session() as session:
        row = session.exec(
            select(Case, Department)
            .join(Department, col(Department.id) == Case.department_id)
            .where(Case.reference == reference)
        ).first()
        if row is None:
            return jsonify(error=f"no case {reference}"), 404
        case, dept = row
        messages = session.exec(
            select(Interaction)
            .where(Interaction.case_id == case.id)
            .order_by(col(Interaction.created_at), col(Interaction.id))
        )
        body = _case_json(case, dept)
        body["messages"] = [_message_json(m) for m in messages]
    return jsonify(body)


def _segment_filters(query):
    """Slice by priority, by region (the case's) and by the citizen's place or segment (age group, occupation)."""
    if priority := request.args.get("priority"):
        query = query.where(Case.priority == priority)
    if region := request.args.get("region"):
        query = query.where(Case.region == region)
    names = ("county", "township", "village", "age_group", "occupation")
    segment = {name: request.args[name] for name in names if request.args.get(name)}
    if segment:
        query = query.join(Citizen, col(Citizen.id) == Case.citizen_id)
        for name, value in segment.items():
            query = query.where(getattr(Citizen, name) == value)
    return query


def _session():
    return current_app.extensions["civicline"].read_session()


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise BadQuery(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _case_json(case: Case, dept: Department) -> dict:
    return {
        "reference": case.reference,
        "status": case.status,
        "priority": case.priority,
        "kind": case.kind,
        "channel": case.channel,
        "language": case.language,
        "department": {"code": dept.code, "name_zh": dept.name_zh, "name_en": dept.name_en},
        "citizen_id": case.citizen_id,
        "summary": case.summary,
        "routing_rule": case.routing_rule,
        "routing_confidence": case.routing_confidence,
        "region": case.region,
        "assignee_id": case.assignee_id,
        "opened_at": _iso(case.opened_at),
        "first_response_at": _iso(case.first_response_at),
        "resolved_at": _iso(case.resolved_at),
        "answered_at": _iso(case.answered_at),
        "updated_at": _iso(case.updated_at),
    }


def _message_json(message: Interaction) -> dict:
    return {
        "direction": message.direction,
        "channel": message.channel,
        "purpose": message.purpose,
        "text": message.text,
        "status": message.status,
        "error": message.error,
        "created_at": _iso(message.created_at),
        "sent_at": _iso(message.sent_at),
        "delivered_at": _iso(message.delivered_at),
    }


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
