"""What a supervisor does with an incident: confirm it, take a case out, merge two, answer every reporter at once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from core.runtime import current
from feedback.answers import resolution
from feedback.cases import events
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.incidents.linking import reports
from feedback.incidents.models import OPEN, RESOLVED, CaseFingerprint, Incident
from feedback.outreach import reporters
from feedback.outreach.models import INCIDENT, Campaign

MERGED = "merged"  # the status of an incident whose reports moved into another


class IncidentError(Refusal):
    """An incident action that cannot be done; the message says why."""


def confirm(session: Session, incident: Incident, actor: str) -> None:
    """Record that a person has checked the reports really are one incident."""
    incident.confirmed = True
    session.add(incident)
    for case in reports(session, id_of(incident)):
        events.record(session, id_of(case), "incident_confirmed", actor=actor, incident_id=incident.id)


def split(session: Session, incident: Incident, case: Case, actor: str) -> None:
    """Take a case out of an incident it does not belong to; an incident left with one report is dissolved."""
    row = session.get(CaseFingerprint, id_of(case))
    if row is None or row.incident_id != incident.id:
        raise IncidentError("case %(reference)s is not a report of this incident", reference=case.reference)
    row.incident_id = None
    session.add(row)
    events.record(session, id_of(case), "incident_split", actor=actor, incident_id=incident.id)
    session.flush()
    left = session.exec(select(CaseFingerprint).where(CaseFingerprint.incident_id == incident.id)).all()
    if len(left) < 2:
        for other in left:
            other.incident_id = None
            session.add(other)
            events.record(session, other.case_id, "incident_split", actor=actor, incident_id=incident.id)
        incident.status = MERGED  # nothing left to be one incident of
        session.add(incident)


def merge(session: Session, kept: Incident, merged: Incident, actor: str) -> int:
    """Move every report of `merged` into `kept`; return how many moved."""
    if kept.id == merged.id:
        raise IncidentError("an incident cannot be merged into itself")
    if kept.status != OPEN or merged.status != OPEN:
        raise IncidentError("only open incidents can be merged")
    rows = session.exec(select(CaseFingerprint).where(CaseFingerprint.incident_id == merged.id)).all()
    for row in rows:
        row.incident_id = kept.id
        session.add(row)
        events.record(
            session, row.case_id, "incident_merged", actor=actor, incident_id=kept.id, from_incident_id=merged.id
        )
    kept.first_at, kept.last_at = min(kept.first_at, merged.first_at), max(kept.last_at, merged.last_at)
    kept.confirmed = kept.confirmed or merged.confirmed
    merged.status = MERGED
    session.add_all([kept, merged])
    return len(rows)


@dataclass(frozen=True)
class Answered:
    """The cases an incident's answer resolved, and the notice to reporters whose cases were closed (if any)."""

    cases: list[Case]
    notice: Campaign | None = None
    noticed: int = 0  # citizens the notice can reach now


def answer(session: Session, incident: Incident, text: str, actor: str, tell_closed: bool = False) -> Answered:
    """Send one answer to every reporter whose case is open, each on their own channel, and resolve the incident.

    Every case is resolved through the lifecycle with its own answer and audit event, so fallbacks, surveys
    and figures work as for a single case. With `tell_closed`, reporters whose cases are all closed are told
    by an outreach notice (feedback.outreach.reporters): paced, and only if they have not opted out.
    """
    if incident.status != OPEN:
        raise IncidentError("this incident is no longer open")
    text = text.strip()
    if not text:
        raise IncidentError("the answer to the citizens is empty")
    if len(text) > resolution.MAX_ANSWER_CHARS:
        raise IncidentError("the answer is limited to %(limit)d characters", limit=resolution.MAX_ANSWER_CHARS)
    answered, closed = [], []
    for case in reports(session, id_of(incident)):
        if case.status in OPEN_STATUSES:
            resolution.resolve_with_answer(session, case, text, actor)
            events.record(session, id_of(case), "incident_answered", actor=actor, incident_id=incident.id)
            answered.append(case)
        else:
            closed.append(case)
    told = reporters.Told(None, 0)
    if tell_closed:
        citizens = {case.citizen_id for case in answered}
        later = [case for case in closed if case.citizen_id not in citizens]
        told = reporters.tell(session, INCIDENT, id_of(incident), f"#{incident.id} {incident.title}", text, later,
                              actor, current().channels)  # fmt: skip
    incident.status, incident.resolved_at, incident.answer = RESOLVED, utcnow(), text
    session.add(incident)
    return Answered(answered, told.notice, told.reachable)


def open_incidents(session: Session, department_ids: set[int] | None, limit: int = 200) -> list[tuple[Incident, int]]:
    """Return open incidents with their report counts, latest first (given departments: those touching them)."""
    query = (
        select(Incident, CaseFingerprint.case_id, CaseFingerprint.department_id)
        .join(CaseFingerprint, col(CaseFingerprint.incident_id) == col(Incident.id))
        .where(Incident.status == OPEN)
        .order_by(col(Incident.last_at).desc())
    )
    counts: dict[int, int] = {}
    seen: dict[int, Incident] = {}
    visible: set[int] = set()
    for incident, _case_id, department_id in session.exec(query):
        key = id_of(incident)
        seen[key] = incident
        counts[key] = counts.get(key, 0) + 1
        if department_ids is None or department_id in department_ids:
            visible.add(key)
    ordered = [seen[key] for key in seen if key in visible]
    return [(incident, counts[id_of(incident)]) for incident in ordered[:limit]]
