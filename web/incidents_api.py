"""Incidents over the JSON API: what many citizens reported at once, for integrators' dashboards (install token)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from core.api_token import token_required
from core.clock import iso_utc
from core.db import id_of
from feedback.incidents import actions, linking

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
