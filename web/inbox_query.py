"""The inbox: folders as conditions over one case query, with filters, search and counts.

Every folder, count and page starts from `base(actor)` — the cases the actor
may see — so a folder can never show a case the case page would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, case, exists, false, func, literal, or_, true
from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback.cases import search_index
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from feedback.collaboration.models import OPEN, PENDING, AssistTask, CaseReturn
from router.identity.models import Citizen
from web.access import Actor, assisting, owned_by

PAGE_SIZE = 25
CAP = search_index.CAP
DUE_SOON = timedelta(hours=24)
CASE_FILTERS = ("channel", "status", "priority", "department", "region")
# Slices by who the citizen is, from their profile (the same names as /api/cases takes).
CITIZEN_FILTERS = ("county", "township", "village", "age_group", "occupation")
FILTERS = CASE_FILTERS + CITIZEN_FILTERS
PRIORITY_ORDER = case((Case.priority == "urgent", 0), (Case.priority == "high", 1), else_=2)
OPEN_FIRST = case((col(Case.status).in_(OPEN_STATUSES), 0), else_=1)
# A citizen wrote after the assignee last opened the case: the row is bold, and counts as new.
UNREAD = and_(
    col(Case.assignee_id).is_not(None),
    col(Case.last_citizen_message_at).is_not(None),
    or_(col(Case.assignee_seen_at).is_(None), col(Case.last_citizen_message_at) > col(Case.assignee_seen_at)),
)
# The orders the list offers; every one ends on the id so pages never overlap.
SORTS = {
    "priority": (OPEN_FIRST, PRIORITY_ORDER, col(Case.updated_at).desc()),
    "activity": (col(Case.updated_at).desc(),),
    "due": (OPEN_FIRST, col(Case.resolution_due_at).is_(None), col(Case.resolution_due_at)),
    "opened": (col(Case.opened_at).desc(),),
}


@dataclass(frozen=True)
class InboxRequest:
    """What the agent asked to see: a folder, filters, a search and a page."""

    folder: str = "mine"
    filters: dict[str, str] = field(default_factory=dict)
    search: str = ""
    page: int = 1
    sort: str = "priority"

    def args(self, **changes: object) -> dict[str, object]:
        """Return the URL parameters for this view with some changed (empty ones left out)."""
        values = {"folder": self.folder, **self.filters, "q": self.search, "page": self.page, "sort": self.sort}
        values.update(changes)
        return {key: value for key, value in values.items() if value not in ("", None, 1, "priority")}


OPEN_FOLDERS = frozenset({"mine", "unassigned", "due_soon", "overdue"})  # folders that hold only open cases


def folders(actor: Actor) -> list[str]:
    """Return the folder names this actor has (department folders come separately)."""
    names = ["mine", "assisting", "unassigned", "waiting", "due_soon", "overdue"]
    return [*names, "arbitration", "all"] if actor.sees_all else names


def folder_condition(name: str, actor: Actor, now: datetime):
    """Return the SQL condition that defines a folder."""
    is_open = col(Case.status).in_(OPEN_STATUSES)
    if name == "mine":  # theirs to work, and the cases they first handled (首接负责) until closed
        return (
            or_(and_(is_open, Case.assignee_id == actor.user_id), owned_by(actor.user_id)) if actor.user_id else false()
        )
    if name == "assisting":
        if actor.departments is None:
            return exists().where(AssistTask.case_id == Case.id, AssistTask.status == OPEN)
        return assisting(sorted(actor.departments))
    if name == "arbitration":
        return exists().where(CaseReturn.case_id == Case.id, CaseReturn.status == PENDING)
    if name == "unassigned":
        return and_(is_open, col(Case.assignee_id).is_(None))
    if name == "waiting":
        return Case.status == "waiting_on_citizen"
    if name == "due_soon":
        due = col(Case.resolution_due_at)
        return and_(is_open, Case.overdue == false(), due.is_not(None), due <= now + DUE_SOON)
    if name == "overdue":
        return and_(is_open, Case.overdue == true())
    if name.startswith("dept:") and name[5:].isdigit():
        return Case.department_id == int(name[5:])
    if name == "all":
        return true()
    raise ValueError(f"no folder {name!r}")


def base(actor: Actor, wanted: InboxRequest, settings_region: str, dialect: str):
    """Return the query for everything the actor may see, narrowed by filters and search."""
    query = actor.visible(select(Case))
    for key in CASE_FILTERS:
        value = wanted.filters.get(key)
        if not value:
            continue
        if key == "department":
            query = query.where(Case.department_id == int(value) if value.isdigit() else false())
        else:
            query = query.where(getattr(Case, key) == value)
    segment = {key: wanted.filters[key] for key in CITIZEN_FILTERS if wanted.filters.get(key)}
    if segment:
        citizens = select(Citizen.id).where(*(getattr(Citizen, key) == value for key, value in segment.items()))
        query = query.where(col(Case.citizen_id).in_(citizens))
    if wanted.search.strip():
        query = query.where(_search(wanted.search.strip(), settings_region, dialect))
    return query


def _search(term: str, region: str, dialect: str):
    """Match the reference typed whole, or every word of the term in the search index (text, messages, citizen)."""
    conditions = [Case.reference == term.replace(" ", "").replace("-", "")]
    matching = search_index.matching(dialect, term, region)
    if matching is not None:
        conditions.append(col(Case.id).in_(matching))
    return or_(*conditions)


def folder_of(case: Case, actor: Actor) -> str:
    """Return the folder a case sits in for this actor, as a search result shows it."""
    if case.status == "waiting_on_citizen":
        return "waiting"
    if case.status in OPEN_STATUSES and case.assignee_id is None:
        return "unassigned"
    if case.status in OPEN_STATUSES and actor.user_id and case.assignee_id == actor.user_id:
        return "mine"
    if case.status in OPEN_STATUSES and case.overdue:
        return "overdue"
    return f"dept:{case.department_id}"


def page(
    session: Session, actor: Actor, wanted: InboxRequest, region: str, total: int | None = None
) -> tuple[list[Case], int]:
    """Return one page of the folder's cases in the chosen order (open, urgent, latest activity first by default).

    A search looks through every folder the actor has: what they look for may sit in any of them.
    `total` is the folder's count when the caller has it already (`counts`), saving a second pass.
    """
    if wanted.search.strip():
        return _found(session, actor, wanted, region)
    query = base(actor, wanted, region, _dialect(session)).where(folder_condition(wanted.folder, actor, utcnow()))
    if total is None:
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
    order = SORTS.get(wanted.sort, SORTS["priority"])
    if wanted.folder in OPEN_FOLDERS and order[0] is OPEN_FIRST:
        order = order[1:]  # every case in the folder is open: the sort need not compute it per row
    ordered = query.order_by(*order, col(Case.id).desc())
    rows = session.exec(ordered.offset((wanted.page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(rows), total


def _found(session: Session, actor: Actor, wanted: InboxRequest, region: str) -> tuple[list[Case], int]:
    """Return a page of what a search finds in every folder, newest first, and how many (up to CAP + 1).

    A plain search reads only the index (the agent's departments are words in it); with filters too,
    the matches are narrowed in SQL.
    """
    term, offset = wanted.search.strip(), (wanted.page - 1) * PAGE_SIZE
    if any(wanted.filters.get(key) for key in FILTERS):
        query = base(actor, wanted, region, _dialect(session))
        ids = list(session.exec(query.with_only_columns(col(Case.id)).order_by(col(Case.id).desc()).limit(CAP + 1)))
        total, ids = len(ids), ids[offset : offset + PAGE_SIZE]
    else:
        departments = actor.departments
        ids, total = search_index.newest(session.connection(), term, region, departments, offset, PAGE_SIZE)
    found = {c.id: c for c in session.exec(actor.visible(select(Case)).where(col(Case.id).in_(ids)))} if ids else {}
    return [found[i] for i in ids if i in found], total


def counts(session: Session, actor: Actor, wanted: InboxRequest, region: str, department_ids: list[int]) -> dict:
    """Count every folder, and its unread cases ("unread:<folder>"), in one round trip of SUM(CASE ...)."""
    now = utcnow()
    names = folders(actor) + [f"dept:{d}" for d in department_ids]
    conditions = [folder_condition(n, actor, now) for n in names]
    keys = names + [f"unread:{n}" for n in names]
    sums = [func.sum(case((condition, literal(1)), else_=literal(0))) for condition in conditions]
    # Most cases are not unread: test that first, so the folder conditions run again only for the few that are.
    sums += [func.sum(case((UNREAD, case((c, literal(1)), else_=literal(0))), else_=literal(0))) for c in conditions]
    # The folders count what they hold whatever is searched: a search looks through all of them.
    unsearched = InboxRequest(wanted.folder, wanted.filters, "", wanted.page, wanted.sort)
    # The sums over the visible cases' own rows: one pass, no "id IN (the same query)" to build first.
    visible = base(actor, unsearched, region, _dialect(session)).whereclause
    query = select(*sums).select_from(Case)
    row = session.exec(query.where(visible) if visible is not None else query).one()
    return {name: int(value or 0) for name, value in zip(keys, row, strict=True)}


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def unread_ids(session: Session, cases: list[Case]) -> set[int]:
    """Return which of these cases have a citizen message their assignee has not seen."""
    ids = [c.id for c in cases]
    return set(session.exec(select(Case.id).where(col(Case.id).in_(ids), UNREAD)).all()) if ids else set()


def marker(session: Session, actor: Actor) -> str:
    """Return a short fingerprint that changes whenever a visible case is added or updated."""
    query = actor.visible(select(func.count(), func.max(Case.id), func.max(Case.updated_at)))
    count, last_id, last_update = session.exec(query).one()
    return f"{count}-{last_id}-{last_update.isoformat() if last_update else ''}"
