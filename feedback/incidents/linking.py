"""Link a new case to the incident it reports, as it arrives.

Each new case leaves a fingerprint (`router.likeness`). It is compared with
the open incidents active within the window (through the fingerprint of each
incident's first report, so a burst of five hundred reports costs one
comparison, not five hundred) and with the other citizens' open cases of the
window that belong to no incident yet. The closest that is the same problem at
the same place wins: an incident is joined, or a lone case and the new one
start an incident. Cases of the same citizen are left to the repeat flags: one
person writing twice is not two reports.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from core.db import id_of
from feedback.cases import events
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.incidents import keys, surges
from feedback.incidents.models import OPEN, CaseFingerprint, Incident
from router import likeness
from router.identity.models import Citizen

WINDOW = timedelta(hours=48)  # reports further apart than this are separate incidents
CANDIDATES = 3000  # the most recent lone cases looked at: more than a county line opens in two days


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
    incident = _closest_incident(session, mark, case)
    lone = _closest_lone_case(session, mark, case, incident[1] if incident else -1.0)
    joined = _start(session, lone, case) if lone is not None else (incident[0] if incident else None)
    if joined is not None:
        row.incident_id = joined.id
        joined.last_at = max(joined.last_at, case.opened_at)
        session.add(joined)
        events.record(session, id_of(case), "incident_linked", actor="router", incident_id=joined.id)
    session.add(row)
    session.flush()
    keys.record(session, id_of(case), mark, case.opened_at)
    surges.check(session, id_of(case), mark, case.opened_at)
    return joined


def _closest_incident(session: Session, mark: likeness.Fingerprint, case: Case) -> tuple[Incident, float] | None:
    """Return the open incident active in the window that the report most surely belongs to, with the score."""
    hints = _hints(mark)
    if hints is None:
        return None
    query = select(Incident.id, Incident.places, Incident.problems, Incident.shingles).where(
        Incident.status == OPEN, col(Incident.last_at) >= case.opened_at - WINDOW, hints
    )
    best: tuple[int | None, float] | None = None
    for incident_id, place_text, problem_text, shingles in session.exec(query):
        needed = likeness.words_needed(mark, likeness.stored_places(place_text), likeness.stored_problems(problem_text))
        score = likeness.words_score(mark, shingles, needed) if needed is not None else None
        if score is not None and (best is None or score > best[1]):
            best = (incident_id, score)
    found = session.get(Incident, best[0]) if best is not None else None
    return (found, best[1]) if found is not None and best is not None else None


def _closest_lone_case(
    session: Session, mark: likeness.Fingerprint, case: Case, to_beat: float
) -> CaseFingerprint | None:
    """Return the fingerprint of another citizen's open case, in no incident, closer than `to_beat`.

    Read in narrowing steps, so that a busy window costs little: the keys give the window's reports sharing a
    place or a problem (`keys.sharing`), of which the database keeps other citizens' open cases; places and
    problems drop most of those, and only the rest are read word by word.
    """
    sharing = keys.sharing(mark, case.opened_at - WINDOW)
    if sharing is None:
        return None
    query = (
        select(CaseFingerprint.case_id, CaseFingerprint.places, CaseFingerprint.problems)
        .join(Case, col(Case.id) == col(CaseFingerprint.case_id))
        .where(
            col(CaseFingerprint.opened_at) >= case.opened_at - WINDOW,
            # Written so the database reads the window by time: nearly every row has no incident.
            func.coalesce(CaseFingerprint.incident_id, 0) == 0,
            col(CaseFingerprint.case_id).in_(sharing),
            Case.citizen_id != case.citizen_id,
            col(Case.status).in_(OPEN_STATUSES),
        )
        .order_by(col(CaseFingerprint.opened_at).desc())
        .limit(CANDIDATES)
    )
    needs: dict[int, float] = {}
    for case_id, place_text, problem_text in session.exec(query):
        needed = likeness.words_needed(mark, likeness.stored_places(place_text), likeness.stored_problems(problem_text))
        if needed is not None:
            needs[case_id] = needed
    if not needs:
        return None
    best, best_score = None, to_beat
    rows = session.exec(
        select(CaseFingerprint.case_id, CaseFingerprint.shingles).where(col(CaseFingerprint.case_id).in_(list(needs)))
    )
    for case_id, shingles in rows:
        score = likeness.words_score(mark, shingles, needs[case_id])
        if score is not None and score > best_score:
            best, best_score = case_id, score
    return session.get(CaseFingerprint, best) if best is not None else None


def _hints(mark: likeness.Fingerprint):  # the open incidents are few: their words are searched
    """Return a condition only rows sharing a place or a kind of problem meet (None: nothing can match).

    It lets the database pass over the many unrelated rows of the window; `likeness` decides on the rest.
    A place also looks for its shorter form, so that "张庄" is found for "张庄村".
    """
    names = {name for place in mark.places for name in (place, place[:-1]) if len(name) >= 2}
    conditions = [col(Incident.places).contains(name, autoescape=True) for name in names]
    conditions += [col(Incident.problems).contains(problem, autoescape=True) for problem in mark.problems]
    return or_(*conditions) if conditions else None


def _start(session: Session, first: CaseFingerprint, case: Case) -> Incident:
    """Start an incident from a lone case and the new one, titled and fingerprinted by the first."""
    opened = session.get(Case, first.case_id)
    incident = Incident(
        title=(opened.summary if opened else case.summary)[:200],
        place=first.places.split(likeness.SEPARATOR)[0][:200],
        first_at=first.opened_at,
        last_at=case.opened_at,
        places=first.places,
        problems=first.problems,
        shingles=first.shingles,
    )
    session.add(incident)
    session.flush()
    first.incident_id = incident.id
    session.add(first)
    events.record(session, first.case_id, "incident_linked", actor="router", incident_id=incident.id)
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


def forget(session: Session, case_id: int) -> None:
    """Empty what a case's fingerprint holds of the citizen's words, and its incident's copy when it was the first.

    The case stays counted in its incident; an incident titled by this case's words is titled by its place.
    """
    keys.forget(session, case_id)
    row = session.get(CaseFingerprint, case_id)
    if row is None:
        return
    incident = session.get(Incident, row.incident_id) if row.incident_id is not None else None
    if incident is not None and incident.shingles == row.shingles:
        incident.title, incident.shingles = incident.place, ""
        session.add(incident)
    row.places, row.problems, row.shingles = "", "", ""
    session.add(row)
