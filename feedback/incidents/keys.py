"""The keys a report is filed under: each place it names, with each kind of problem it is about and ANY.

A place is also keyed by its shorter form ("张庄村" under "张庄" too), so that a report naming only "张庄"
finds it, as `router.places.same_place` would. A report naming no place is keyed under "" with its problems.
Surge counts read a key's range of times; linking reads the reports of its window that share a key with the
new one, through two indexes, however many reports the window holds.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, and_, delete, insert, or_
from sqlmodel import Session, col, func, select

from core.clock import utcnow
from feedback.incidents.models import ReportKey
from router import likeness

ANY = "*"  # the key's problem under which every report at a place is counted
KEPT = timedelta(days=57)  # the longest any reader looks back (a surge's two hours and eight weeks), and a day


def places_of(mark: likeness.Fingerprint) -> tuple[str, ...]:
    """The places a report is keyed under: each it names, and its shorter form."""
    named = [name for place in mark.places for name in (place, place[:-1]) if len(name) >= 2]
    return tuple(dict.fromkeys(name[:200] for name in named))


def problems_of(mark: likeness.Fingerprint) -> tuple[str, ...]:
    return (*sorted(problem[:64] for problem in mark.problems), ANY)


def record(session: Session, case_id: int | None, mark: likeness.Fingerprint, opened_at: datetime) -> None:
    """File a new report under its keys."""
    problems = problems_of(mark)
    rows = [
        {"case_id": case_id, "place": place, "problem": problem, "opened_at": opened_at}
        for place in places_of(mark) or ("",)
        for problem in problems
    ]
    session.execute(insert(ReportKey), rows)  # rows, not objects: nothing reads them back in this session


def counts(
    session: Session, places: tuple[str, ...], problems: tuple[str, ...], since: datetime, until: datetime
) -> dict[tuple[str, str], int]:
    """Count the reports opened in [since, until] under each (place, problem) key."""
    if not places:
        return {}
    query = (
        select(ReportKey.place, ReportKey.problem, func.count())
        .where(
            col(ReportKey.place).in_(places),
            col(ReportKey.problem).in_(problems),
            col(ReportKey.opened_at) >= since,
            col(ReportKey.opened_at) <= until,
        )
        .group_by(col(ReportKey.place), col(ReportKey.problem))
    )
    return {(place, problem): count for place, problem, count in session.exec(query)}


def sharing(mark: likeness.Fingerprint, since: datetime) -> Select | None:
    """The ids of the reports since then that may be the same problem at the same place (None: none can).

    With places: reports naming one of them, a part of one or its shorter form, and reports naming no place
    that share a kind of problem. Without: reports sharing a kind of problem, wherever they are.
    """
    problems = sorted(problem[:64] for problem in mark.problems)
    if mark.places:
        parts = {place[i:j] for place in mark.places for i in range(len(place)) for j in range(i + 2, len(place) + 1)}
        ways = [and_(col(ReportKey.place).in_(sorted(p[:200] for p in parts)), col(ReportKey.problem) == ANY)]
        if problems:
            ways.append(and_(col(ReportKey.place) == "", col(ReportKey.problem).in_(problems)))
        where = or_(*ways)
    elif problems:
        where = col(ReportKey.problem).in_(problems)
    else:
        return None
    return select(ReportKey.case_id).where(where, col(ReportKey.opened_at) >= since)


def forget(session: Session, case_id: int) -> None:
    """Stop keying a case whose citizen's words are erased: its places go with them."""
    session.execute(delete(ReportKey).where(col(ReportKey.case_id) == case_id))


def prune(session: Session, now: datetime | None = None) -> int:
    """Delete the keys older than any reader looks back; return how many."""
    result = session.execute(delete(ReportKey).where(col(ReportKey.opened_at) < (now or utcnow()) - KEPT))
    return int(getattr(result, "rowcount", 0) or 0)
