"""The JSON API: the inbox pages and integrators use the same routes and the same permission rules.

Authentication is the install's API token (`Authorization: Bearer …`, acting
as a supervisor named 'api') or a staff session (with the CSRF token in
`X-CSRFToken` for changes). A case outside an agent's departments is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, current_app, g, jsonify, request
from sqlmodel import col, func, select

from channels.models import Interaction
from core import queues, signals, urns
from core.clock import utcnow
from feedback.cases import actions
from feedback.cases.actions import ActionError
from feedback.cases.lifecycle import IllegalTransition
from feedback.cases.models import Case
from feedback.sla import breaches
from router.identity.models import Citizen, Identity
from staff.models import Department
from web import breach_box, inbox_query, timeline
from web.access import case_or_404, current_actor, record_view
from web.inbox_query import FILTERS, InboxRequest

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_LIMIT = 200


class BadQuery(ValueError):
    """A query parameter or body with a value we cannot use."""


@bp.errorhandler(BadQuery)
@bp.errorhandler(ActionError)
@bp.errorhandler(IllegalTransition)
@bp.errorhandler(breaches.AcknowledgementError)
def _bad_request(exc: ValueError):
    return jsonify(error=str(exc)), 400


@bp.errorhandler(404)
def _not_found(_exc):
    return jsonify(error="not found"), 404


def api_auth(view: Callable) -> Callable:
    """Require the API token or a signed-in user; 401 with a clear message otherwise."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        g.actor = current_actor()
        if g.actor is None:
            response = jsonify(error="sign in, or send a valid API token: Authorization: Bearer <token>")
            response.headers["WWW-Authenticate"] = "Bearer"
            return response, 401
        return view(*args, **kwargs)

    return wrapped


@bp.get("/cases")
@api_auth
def list_cases():
    """List visible cases (urgent first, then newest); filter, search, or pick an inbox folder."""
    limit = _int_arg("limit", 50, 1, MAX_LIMIT)
    offset = _int_arg("offset", 0, 0, 10**9)
    wanted = InboxRequest(
        folder=request.args.get("folder", "all"),
        filters={key: request.args.get(key, "") for key in FILTERS if key != "department"},
        search=request.args.get("q", "")[:200],
    )
    with _session() as session:
        query = inbox_query.base(g.actor, wanted, _settings().default_region, session.get_bind().dialect.name)
        query = _narrow(session, query, wanted)
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        ordered = query.order_by(inbox_query.PRIORITY_ORDER, col(Case.opened_at).desc(), col(Case.id).desc())
        cases = list(session.exec(ordered.offset(offset).limit(limit)))
        departments = {d.id: d for d in session.exec(select(Department))}
        body = [_case_json(case, departments[case.department_id]) for case in cases]
    return jsonify(total=total, limit=limit, offset=offset, cases=body)


def _wanted_urn(raw: str) -> str:
    """Read a phone URN however it was written into the query string.

    `?urn=tel:+8613800138000` typed unencoded arrives as `tel: 8613800138000` (a query
    string's + is a space), and people write numbers with spaces or dashes; phone URNs
    are stored in E.164, so normalise them. Other schemes are matched as given.
    """
    scheme, _, path = raw.partition(":")
    if scheme != "tel":
        return raw
    if path.startswith(" "):
        path = "+" + path.lstrip()
    try:
        return urns.tel(path, current_app.extensions["civicline"].settings.default_region)
    except urns.InvalidURN:
        return raw


def _narrow(session, query, wanted: InboxRequest):
    if code := request.args.get("department"):
        dept = session.exec(select(Department).where(Department.code == code)).first()
        query = query.where(Case.department_id == (dept.id if dept else -1))
    if urn := request.args.get("urn"):
        owners = select(Identity.citizen_id).where(Identity.urn == _wanted_urn(urn))
        query = query.where(col(Case.citizen_id).in_(owners))
    try:
        return query.where(inbox_query.folder_condition(wanted.folder, g.actor, utcnow()))
    except ValueError as exc:
        raise BadQuery(str(exc)) from None


@bp.get("/cases/<reference>")
@api_auth
def get_case(reference: str):
    """Return one case with its messages in and out (the view is recorded)."""
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference)
        record_view(session, case, g.actor, "api")
        body = _case_json(case, session.get(Department, case.department_id))
        body["messages"] = [_message_json(m) for m in _messages(session, case)]
    return jsonify(body)


@bp.get("/cases/<reference>/messages")
@api_auth
def case_messages(reference: str):
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference)
        record_view(session, case, g.actor, "api")
        return jsonify(messages=[_message_json(m) for m in _messages(session, case)])


@bp.post("/cases/<reference>/replies")
@api_auth
def post_reply(reference: str):
    """Queue a reply to the citizen on the channel of their latest contact."""
    text = _body_field("text")
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference, lead=True)
        message = actions.reply(session, case, text, g.actor.name)
        session.flush()
        body = _message_json(message)
    signals.request_drain(current_app.extensions["civicline"].queue(queues.OUTBOUND), "jobs.outbound.drain")
    return jsonify(body), 201


@bp.post("/cases/<reference>/notes")
@api_auth
def post_note(reference: str):
    text = _body_field("text")
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference, lead=True)
        actions.note(session, case, text, g.actor.name)
    return jsonify(reference=reference, text=text.strip()), 201


@bp.post("/cases/<reference>/transfers")
@api_auth
def post_transfer(reference: str):
    """Move a case to another department (by code) with a reason."""
    code, reason = _body_field("department"), _body_field("reason")
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference, lead=True)
        dept = session.exec(select(Department).where(Department.code == code)).first()
        if dept is None:
            raise BadQuery(f"no department with code {code!r}")
        actions.transfer(session, case, dept.id, reason, g.actor.name)
        body = _case_json(case, dept)
    return jsonify(body), 201


@bp.post("/cases/<reference>/priority")
@api_auth
def post_priority(reference: str):
    """Correct a case's priority (urgent, high, normal); lowering it needs a reason."""
    level = _body_field("priority")
    body = request.get_json(silent=True)
    reason = body.get("reason") if isinstance(body.get("reason"), str) else ""
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference, lead=True)
        actions.set_priority(session, case, level, reason, g.actor.name)
        session.flush()
        body = _case_json(case, session.get(Department, case.department_id))
    return jsonify(body), 200


@bp.post("/cases/<reference>/kind")
@api_auth
def post_kind(reference: str):
    """Correct a case's kind (consultation, help_request, complaint, report, suggestion, praise)."""
    kind = _body_field("kind")
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference, lead=True)
        actions.set_kind(session, case, kind, g.actor.name)
        session.flush()
        body = _case_json(case, session.get(Department, case.department_id))
    return jsonify(body), 200


@bp.post("/cases/<reference>/breaches/<int:breach_id>/acknowledgement")
@api_auth
def acknowledge_breach(reference: str, breach_id: int):
    """Acknowledge a missed deadline with the action taken (the case's assignee, a supervisor or the token)."""
    note = _body_field("note")
    with _write_session() as session:
        case = case_or_404(session, g.actor, reference, lead=True)
        breach_box.acknowledge_from_form(session, case, g.actor, {"breach_id": str(breach_id), "note": note})
    return jsonify(reference=reference, breach_id=breach_id, note=note.strip()), 201


@bp.get("/citizens/<int:citizen_id>")
@api_auth
def get_citizen(citizen_id: int):
    """Return a citizen seen through one of their cases the asker may see (404 otherwise)."""
    with _session() as session:
        query = g.actor.visible(select(Case).where(Case.citizen_id == citizen_id))
        case = session.exec(query).first()
        if case is None:
            return jsonify(error="not found"), 404
        panel = timeline.citizen_panel(session, case, g.actor.departments)
        body = _citizen_json(panel["citizen"], panel["identities"], [case, *[c for c, _d in panel["past_cases"]]])
        body["cases_in_other_departments"] = panel["hidden_cases"]
        return jsonify(body)


def _citizen_json(citizen: Citizen, identities: list[Identity], cases: list[Case]) -> dict:
    return {
        "id": citizen.id,
        "name": citizen.name,
        "language": citizen.language,
        "region": citizen.region,
        "identities": [i.urn for i in identities],
        "cases": [{"reference": c.reference, "status": c.status, "opened_at": _iso(c.opened_at)} for c in cases],
    }


def _messages(session, case: Case) -> list[Interaction]:
    return list(
        session.exec(
            select(Interaction)
            .where(Interaction.case_id == case.id)
            .order_by(col(Interaction.created_at), col(Interaction.id))
        )
    )


def _body_field(name: str) -> str:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get(name), str) or not body[name].strip():
        raise BadQuery(f"send a JSON object with a non-empty string {name!r}")
    return body[name]


def _settings():
    return current_app.extensions["civicline"].settings


def _session():
    return current_app.extensions["civicline"].read_session()


def _write_session():
    return current_app.extensions["civicline"].session()


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
        "assignee_id": case.assignee_id,
        "region": case.region,
        "transfer_count": case.transfer_count,
        "summary": case.summary,
        "routing_rule": case.routing_rule,
        "callback_requested": case.callback_requested,
        "unreachable": case.unreachable,
        "routing_confidence": case.routing_confidence,
        "opened_at": _iso(case.opened_at),
        "first_response_at": _iso(case.first_response_at),
        "resolution_due_at": _iso(case.resolution_due_at),
        "overdue": case.overdue,
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
