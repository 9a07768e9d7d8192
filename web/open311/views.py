"""Open311 GeoReport v2: public services and requests in JSON or XML, and filing a request with an API key.

No personal data leaves through this API: phone numbers, names, email
addresses, street addresses and coordinates are never returned, and a case's
own words (and the answer to the citizen) are published only when staff mark
the case public.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from xml.etree import ElementTree

from flask import Blueprint, Response, current_app, jsonify, request
from sqlmodel import Session, col, select

from channels.models import Interaction
from core import queues, signals
from core.clock import utcnow
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from staff.models import Department
from web.open311 import filing

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
DEFAULT_WINDOW = timedelta(days=90)
MAX_RESULTS = 1000
FORMAT = "<any(json, xml):fmt>"
STATUS_NOTES = {
    "new": "已受理 Received",
    "assigned": "已分派 Assigned to a handler",
    "in_progress": "办理中 In progress",
    "waiting_on_citizen": "待补充材料 Waiting for more information",
    "resolved": "已办结 Resolved",
    "closed": "已办结 Closed",
}


class Open311Error(Exception):
    """A request the API refuses, with the HTTP status and the spec's error description."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


@bp.errorhandler(Open311Error)
def _refused(exc: Open311Error):
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return _render(fmt, "errors", "error", [{"code": exc.status, "description": exc.description}], exc.status)


@bp.get(f"/services.{FORMAT}")
def services(fmt: str):
    """List the departments as services."""
    with _session() as session:
        departments = session.exec(select(Department).where(Department.active).order_by(col(Department.id)))
        return _render(fmt, "services", "service", [_service(d) for d in departments])


@bp.get(f"/services/<code>.{FORMAT}")
def service_definition(code: str, fmt: str):
    """Return a service's definition: none of ours asks for extra attributes, so the list is empty."""
    with _session() as session:
        department = session.exec(select(Department).where(Department.code == code, Department.active)).first()
    if department is None:
        raise Open311Error(404, f"no service with service_code {code!r}")
    if fmt == "json":
        return jsonify({"service_code": department.code, "attributes": []})
    root = ElementTree.Element("service_definition")
    ElementTree.SubElement(root, "service_code").text = department.code
    ElementTree.SubElement(root, "attributes")
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="utf-8")
    return Response(body, content_type="text/xml; charset=utf-8")


@bp.get(f"/requests.{FORMAT}")
def requests_(fmt: str):
    """List requests, filtered as the spec says (ids, service codes, dates, status)."""
    filters = _filters()
    with _session() as session:
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
        rows = session.exec(query.order_by(col(Case.opened_at).desc()).limit(MAX_RESULTS)).all()
        return _render(fmt, "service_requests", "request", [_request(session, c, d) for c, d in rows])


@bp.get(f"/requests/<reference>.{FORMAT}")
def one_request(reference: str, fmt: str):
    """Return one request by its id (our case reference)."""
    with _session() as session:
        row = session.exec(
            select(Case, Department)
            .join(Department, col(Department.id) == Case.department_id)
            .where(Case.reference == reference)
        ).first()
        if row is None:
            raise Open311Error(404, f"no service request {reference}")
        return _render(fmt, "service_requests", "request", [_request(session, *row)])


@bp.post(f"/requests.{FORMAT}")
def file_request(fmt: str):
    """File a request for a client holding an API key; answer with the new request's id."""
    runtime = current_app.extensions["civicline"]
    try:
        with runtime.session() as session:
            filed = filing.file(session, runtime.settings, request.form)
            body = {"service_request_id": filed.case.reference, "service_notice": filed.notice, "account_id": None}
    except filing.FilingError as exc:
        raise Open311Error(exc.status, exc.description) from exc
    if filed.notice:  # an emergency: the supervisors' alerts go out now
        signals.request_drain(runtime.queue(queues.OUTBOUND), "jobs.outbound.drain")
    return _render(fmt, "service_requests", "request", [body], 201)


def _filters() -> dict:
    args = request.args
    end = _date(args.get("end_date")) or utcnow()
    start = _date(args.get("start_date")) or end - DEFAULT_WINDOW
    status = args.get("status")
    if status not in (None, "open", "closed"):
        raise Open311Error(400, "status must be 'open' or 'closed'")
    if start > end:
        raise Open311Error(400, "start_date must be before end_date")
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
        raise Open311Error(400, f"not a W3C date-time: {raw!r}") from None
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


def _request(session: Session, case: Case, dept: Department) -> dict:
    return {
        "service_request_id": case.reference,
        "status": "open" if case.status in OPEN_STATUSES else "closed",
        "status_notes": _status_notes(session, case),
        "service_name": dept.name_zh,
        "service_code": dept.code,
        "description": case.summary if case.public else None,
        "agency_responsible": dept.name_zh,
        "service_notice": None,
        "requested_datetime": _iso(case.opened_at),
        "updated_datetime": _iso(case.updated_at),
        "expected_datetime": _iso(case.resolution_due_at) if case.status in OPEN_STATUSES else None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _status_notes(session: Session, case: Case) -> str:
    # The answer to the citizen is public only for cases staff made public; it may name people or places.
    note = STATUS_NOTES.get(case.status, case.status)
    if case.public and case.status in ("resolved", "closed"):
        answer = session.exec(
            select(Interaction.text)
            .where(Interaction.case_id == case.id, Interaction.purpose == "answer")
            .order_by(col(Interaction.id).desc())
        ).first()
        return f"{note}: {answer}" if answer else note
    return note


def _render(fmt: str, plural: str, singular: str, items: list[dict], status: int = 200) -> Response:
    if fmt == "json":
        response = jsonify(items)
        response.status_code = status
        return response
    root = ElementTree.Element(plural)
    for item in items:
        element = ElementTree.SubElement(root, singular)
        for key, value in item.items():
            child = ElementTree.SubElement(element, key)
            child.text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(
        root, encoding="utf-8", xml_declaration=False
    )
    return Response(body, status=status, content_type="text/xml; charset=utf-8")


def _session():
    return current_app.extensions["civicline"].read_session()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
