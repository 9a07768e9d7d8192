"""Incidents and surge alerts over the JSON API: what many citizens reported at once (install token)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, jsonify, request

from core.api_token import token_required
from core.clock import iso_utc, utcnow
from core.db import id_of
from feedback.incidents import actions, linking, surges

bp = Blueprint("incidents_api", __name__, url_prefix="/api")


@bp.get("/incidents")
@token_required
def list_incidents():
    """List open incidents, latest report first: id, title, place, status, first and last report, case references."""
    with current_app.extensions["civicline"].read_session() as session:
        body = [
            {
                "id": incident.id,
                "title": incident.title,
                "place": incident.place,
                "status": incident.status,
                "confirmed": incident.confirmed,
                "first_contact_at": iso_utc(incident.first_at),
                "last_contact_at": iso_utc(incident.last_at),
                "reports": count,
                "cases": [case.reference for case in linking.reports(session, id_of(incident))],
            }
            for incident, count in actions.open_incidents(session, None)
        ]
    return jsonify(incidents=body)


@bp.get("/alerts")
@token_required
def list_alerts():
    """List surge alerts of the last `days` days (default 7, at most 90), newest first."""
    days = request.args.get("days", "7")
    if not days.isdigit() or not 1 <= int(days) <= 90:
        return jsonify(error="days is a whole number from 1 to 90"), 400
    since = utcnow() - timedelta(days=int(days))
    with current_app.extensions["civicline"].read_session() as session:
        found = [alert for alert, _reference in surges.recent(session, since)]
        body = [
            {
                "id": alert.id,
                "kind": "surge",
                "problem": alert.problem,
                "place": alert.place,
                "count": alert.count,
                "expected": alert.expected,
                "probability": alert.probability,
                "created_at": iso_utc(alert.created_at),
            }
            for alert in found
        ]
    return jsonify(alerts=body)
