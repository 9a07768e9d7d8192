"""Link a new case to the incident it reports, as it arrives.

Each new case leaves a fingerprint (`router.likeness`). The next case is
compared with the open cases of other citizens opened within the window; the
closest one that is the same problem at the same place joins it, starting an
incident when the earlier case had none. Cases of the same citizen are left to
the repeat flags: one person writing twice is not two reports.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, select

from core.db import id_of
from feedback.cases import events
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.incidents import surges
from feedback.incidents.models import OPEN, CaseFingerprint, Incident
from router import likeness
from router.identity.models import Citizen

WINDOW = timedelta(hours=48)  # reports further apart than this are separate incidents
CANDIDATES = 3000  # the most recent open cases looked at: more than a county line opens in two days


def link(
    session: Session, case: Case, text: str, citizen: Citizen, dangers: tuple[str, ...] | None = None
) -> Incident | None:
    """Store the case's fingerprint and join it to the incident it reports; return that incident, if any.

    `dangers`: the kinds of danger the router found in the text, so that they need not be looked for again.
    """
    known = tuple(p for p in (citizen.village, citizen.township) if p)
    mark = likeness.fingerprint(text, known, dangers)
    places, problems, shingles = mark.stored()
    row = CaseFingerprint(
        case_id=id_of(case), department_id=case.department_id,
        opened_at=case.opened_at, places=places[:500], problems=problems[:500], shingles=shingles,
    )  # fmt: skip
    match = _closest(session, mark, case)
    incident = None
    if match is not None:
        incident = _incident_of(session, match, case)
        row.incident_id = incident.id
        incident.last_at = max(incident.last_at, case.opened_at)
        session.add(incident)
        events.record(session, id_of(case), "incident_linked", actor="router", incident_id=incident.id)
    session.add(row)
    session.flush()
    surges.check(session, id_of(case), mark, case.opened_at)
    return incident


def _closest(session: Session, mark: likeness.Fingerprint, case: Case) -> CaseFingerprint | None:
    """Return the fingerprint of the other citizens' open case most surely reporting the same incident.

    Read in narrowing steps, so that a busy window costs little: the database keeps the window's rows
    sharing a place or a problem (`_hints`), places and problems drop most of those, and only the rest
    are checked for their case (another citizen's, still open) and then read word by word.
    """
    hints = _hints(mark)
    if hints is None:
        return None
    query = (
        select(CaseFingerprint.case_id, CaseFingerprint.incident_id, CaseFingerprint.places, CaseFingerprint.problems)
        .where(
            col(CaseFingerprint.opened_at) >= case.opened_at - WINDOW, col(CaseFingerprint.case_id) != case.id, hints
        )
        .order_by(col(CaseFingerprint.opened_at).desc())
        .limit(CANDIDATES)
    )
    needs: dict[int, float] = {}
    incident_of: dict[int, int | None] = {}
    for case_id, incident_id, place_text, problem_text in session.exec(query):
        needed = likeness.words_needed(mark, likeness.stored_places(place_text), likeness.stored_problems(problem_text))
        if needed is not None:
            needs[case_id], incident_of[case_id] = needed, incident_id
    if not needs:
        return None
    _keep_open_cases_of_others(session, needs, incident_of, case.citizen_id)
    best, best_score = None, -1.0
    rows = session.exec(
        select(CaseFingerprint.case_id, CaseFingerprint.shingles).where(col(CaseFingerprint.case_id).in_(list(needs)))
    )
    for case_id, shingles in rows:
        score = likeness.words_score(mark, shingles, needs[case_id])
        if score is not None and score > best_score:
            best, best_score = case_id, score
    return session.get(CaseFingerprint, best) if best is not None else None


def _keep_open_cases_of_others(
    session: Session, needs: dict[int, float], incident_of: dict[int, int | None], citizen_id: int
) -> None:
    """Drop from `needs` the citizen's own cases, cases no longer open, and those of incidents already closed."""
    cases = session.exec(select(Case.id, Case.citizen_id, Case.status).where(col(Case.id).in_(list(needs)))).all()
    keep = {case_id for case_id, owner, status in cases if owner != citizen_id and status in OPEN_STATUSES}
    incidents = {i for i in incident_of.values() if i is not None}
    if incidents:
        closed = set(session.exec(select(Incident.id).where(col(Incident.id).in_(incidents), Incident.status != OPEN)))
        keep -= {case_id for case_id, incident_id in incident_of.items() if incident_id in closed}
    for case_id in list(needs):
        if case_id not in keep:
            del needs[case_id]


def _hints(mark: likeness.Fingerprint):
    """Return a condition only rows sharing a place or a kind of problem meet (None: nothing can match).

    It lets the database pass over the many unrelated cases of the window; `likeness` decides on the rest.
    A place also looks for its shorter form, so that "张庄" is found for "张庄村".
    """
    names = {name for place in mark.places for name in (place, place[:-1]) if len(name) >= 2}
    conditions = [col(CaseFingerprint.places).contains(name, autoescape=True) for name in names]
    conditions += [col(CaseFingerprint.problems).contains(problem, autoescape=True) for problem in mark.problems]
    return or_(*conditions) if conditions else None


def _incident_of(session: Session, match: CaseFingerprint, case: Case) -> Incident:
    """Return the matched case's incident, starting one (titled by that first case) when it has none."""
    if match.incident_id is not None:
        found = session.get(Incident, match.incident_id)
        if found is not None:
            return found
    first = session.get(Case, match.case_id)
    incident = Incident(
        title=(first.summary if first else case.summary)[:200],
        place=match.places.split(likeness.SEPARATOR)[0][:200],
        first_at=match.opened_at,
        last_at=case.opened_at,
    )
    session.add(incident)
    session.flush()
    match.incident_id = incident.id
    session.add(match)
    events.record(session, match.case_id, "incident_linked", actor="router", incident_id=incident.id)
    return incident


def reports(session: Session, incident_id: int) -> list[Case]:
    """Return the cases of an incident, oldest first."""
    query = (
        select(Case)
        .join(CaseFingerprint, col(CaseFingerprint.case_id) == col(Case.id))
        .where(CaseFingerprint.incident_id == incident_id)
        .order_by(col(Case.opened_at), col(Case.id))
    )
    return list(session.exec(query))


def incident_of_case(session: Session, case_id: int) -> tuple[Incident, int] | None:
    """Return a case's incident and how many reports it has, or None when the case stands alone."""
    row = session.get(CaseFingerprint, case_id)
    if row is None or row.incident_id is None:
        return None
    incident = session.get(Incident, row.incident_id)
    if incident is None:
        return None
    count = len(session.exec(select(CaseFingerprint.case_id).where(CaseFingerprint.incident_id == incident.id)).all())
    return incident, count
