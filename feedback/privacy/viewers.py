"""Who looked at a person's cases: the `viewed` events the pages and the API leave, read back for supervisors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from feedback.cases.models import Case, CaseEvent
from feedback.privacy import holdings
from feedback.privacy.models import PrivacyAction

LIMIT = 1000


@dataclass(frozen=True)
class View:
    """One look at one case of the person."""

    at: datetime
    actor: str
    user_id: int | None
    via: str
    reference: str
    department_id: int


def views(session: Session, who: holdings.Person, limit: int = LIMIT) -> list[View]:
    """Return the newest views of the person's cases first (at most `limit`)."""
    query = (
        select(CaseEvent, Case.reference, Case.department_id)
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(col(Case.citizen_id).in_(who.citizen_ids), CaseEvent.kind == "viewed")
        .order_by(col(CaseEvent.created_at).desc(), col(CaseEvent.id).desc())
        .limit(limit)
    )
    return [
        View(event.created_at, event.actor, event.detail.get("user_id"), str(event.detail.get("via", "")), ref, dept)
        for event, ref, dept in session.exec(query)
    ]


def actions(session: Session, who: holdings.Person) -> list[PrivacyAction]:
    """Return the exports and erasures done for the person, newest first."""
    query = select(PrivacyAction).where(col(PrivacyAction.citizen_id).in_(who.citizen_ids))
    return list(session.exec(query.order_by(col(PrivacyAction.id).desc())))
