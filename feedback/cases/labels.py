"""What agents' handling says about where cases belong: the labels the routing model learns from.

Every resolved or closed case is labelled with the department it ended in, and
every case an agent transferred (or the centre's arbitration settled) with where it went: those corrections are
the labels the model needs most (`router.model.retrain` weighs them above a file's).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from core.db import id_of
from feedback.cases.models import Case, CaseEvent
from feedback.cases.statuses import FINISHED_STATUSES
from router.model import features
from router.model.training import Examples, without_empty
from staff.models import Department

# Events that say where a case belongs: an agent's transfer, and the hotline centre's decision on a return (退单).
CORRECTIONS = {"transferred": "transfer", "collab_return_decided": "arbitration"}


def from_history(session: Session) -> Examples:
    """Return the labels agents have given: final departments of finished cases and destinations of transfers."""
    departments = {d.id: d for d in session.exec(select(Department))}
    routable = {d.id: d.code for d in departments.values() if d.active and not d.is_triage}
    transfers = _transfer_destinations(session)
    found: list[tuple[str, str, str, datetime]] = []
    for case in session.exec(select(Case).order_by(col(Case.id))):
        transfer = transfers.get(id_of(case))
        if transfer is not None:
            label_id, when, source = transfer
        elif case.status in FINISHED_STATUSES:
            label_id, when, source = (
                case.department_id,
                case.resolved_at or case.closed_at or case.updated_at,
                "resolved",
            )
        else:
            continue
        if label_id in routable and case.summary.strip():
            found.append((features.document(case.summary), routable[label_id], source, when))
    documents, labels, sources, labelled_at = (
        (list(column) for column in zip(*found, strict=True)) if found else ([], [], [], [])
    )
    return without_empty(Examples(documents, labels, sources, labelled_at))


def _transfer_destinations(session: Session) -> dict[int, tuple[int, datetime, str]]:
    """Return each transferred or arbitrated case's last destination department, when, and which of the two."""
    query = select(CaseEvent).where(col(CaseEvent.kind).in_(CORRECTIONS)).order_by(col(CaseEvent.id))
    destinations: dict[int, tuple[int, datetime, str]] = {}
    for event in session.exec(query):
        to_department = (event.detail or {}).get("to_department_id")
        if isinstance(to_department, int):
            destinations[event.case_id] = (to_department, event.created_at, CORRECTIONS[event.kind])
    return destinations
