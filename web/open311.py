"""Open311 GeoReport v2 (read side): public services and requests, with no personal data in them.

A case's own words are published only when staff mark it public; phone
numbers, names and addresses never appear.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, current_app, jsonify, request
from sqlmodel import col, select

from core.clock import utcnow
from feedback.models import OPEN_STATUSES, Case
from router.models import Department

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
DEFAULT_WINDOW = timedelta(days=90)
MAX_RESULTS = 1000


def _error(status: int, description: str):
    return jsonify([{"code": status, "description": description}]), status


@bp.get("/services.json")
def services():
    with current_app.extensions["civicline"].read_session() as session:
        departments = session.exec(select(Department).where(Department.active).order_by(col(Department.id)))
        return jsonify([_service(d) for d in departments])


@bp.get("/requests.json")
def requests_():
    try:
        filters = _filters()
    except ValueError as exc:
        return _error(400, str(exc))
    with current_app.extensions["civicline"].read_session() as session:
        query = select(Case, Department).join(Department, col(Department.id) == Case.department_id)
        if filters["ids"]:
            query = query.where(col(Case.reference).in_(filters["ids"]))
        else:
            query = query.where(col(Case.opened_at) >= filters["start"], col(Case.opened_at) <= filters["end"])
            if filters["codes"]:
                query = query.where(col(Department.code).in_(filters["codes"]))
            if filters["status"] == "open":
                query = query.where(col(Case.status).in_(OPEN_STATUSES))
            elif filters["status"] == "closed":
                query = query.where(col(Case.status).not_in(OPEN_STATUSES))
        rows = session.exec(query.order_by(col(Case.opened_at).desc()).limit(MAX_RESULTS))
        return jsonify([_request(case, dept) for case, dept in rows])


def _filters() -> dict:
    args = request.args
    end = _date(args.get("end_date")) or utcnow()
    start = _date(args.get("start_date")) or end - DEFAULT_WINDOW
    status = args.get("status")
    if status not in (None, "open", "closed"):
        raise ValueError("status must be 'open' or 'closed'")
    return {
        "ids": [v.strip() for v in args.get("service_request_id", "").split(",") if v.strip()],
        "codes": [v.strip() for v in args.get("service_code", "").split(",") if v.strip()],
        "start": start,
        "end": end,
        "status": status,
    }


def _date(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a W3C date-time: {raw!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)


def _service(dept: Department) -> dict:
    return {
        "service_code": dept.code,
        "service_name": dept.name_zh,
        "description": dept.name_en,
        "metadata": False,
        "type": "realtime",
        "keywords": ",".join(dept.keywords),
        "group": "triage" if dept.is_triage else "department",
    }


def _request(case: Case, dept: Department) -> dict:
    return {
        "service_request_id": case.reference,
        "status": "open" if case.status in OPEN_STATUSES else "closed",
        "status_notes": None,
        "service_name": dept.name_zh,
        "service_code": dept.code,
        "description": case.summary if case.public else None,
        "agency_responsible": dept.name_zh,
        "service_notice": None,
        "requested_datetime": _iso(case.opened_at),
        "updated_datetime": _iso(case.updated_at),
        "expected_datetime": None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
