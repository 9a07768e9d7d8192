"""Everything the hotline holds about one person, as one JSON document they can be given."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from core.clock import utcnow
from core.db import id_of
from feedback.cases.models import Case, CaseEvent
from feedback.outreach.models import CitizenTag, PollComment
from feedback.privacy import holdings
from feedback.privacy.models import EXPORT, PrivacyAction
from feedback.surveys.models import SurveyResponse
from knowledge.models import KnowledgeAnswer
from router.identity.models import Citizen, CitizenMerge, Identity
from staff.models import Department

FORMAT = "civicline-citizen-export/1"


def export(session: Session, citizen_id: int, actor: str, reason: str = "", force: bool = False) -> dict[str, Any]:
    """Return the person's data and record that it was exported (refused while cases are open unless forced)."""
    who = holdings.person(session, citizen_id)
    forced = holdings.check_open_cases(session, who, force, reason)
    document = held_about(session, who)
    counts = {key: len(value) for key, value in document.items() if isinstance(value, list)}
    session.add(PrivacyAction(kind=EXPORT, citizen_id=who.citizen.id, actor=actor, reason=reason.strip(),
                              forced=forced, counts=counts))  # fmt: skip
    session.flush()
    return document


def held_about(session: Session, who: holdings.Person) -> dict[str, Any]:
    """Return every row about the person, grouped by what it is, with times in UTC (ISO 8601, `Z`)."""
    their_cases = holdings.cases(session, who)
    case_ids = [id_of(c) for c in their_cases]
    messages = holdings.messages(session, who, case_ids)
    ids = who.citizen_ids
    return {
        "format": FORMAT,
        "exported_at": _when(utcnow()),
        "citizen": _row(who.citizen),
        "merged_records": [_row(c) for c in session.exec(select(Citizen).where(col(Citizen.merged_into_id).in_(ids)))],
        "addresses": [_row(i) for i in session.exec(select(Identity).where(col(Identity.citizen_id).in_(ids)))],
        "cases": [_case(session, case) for case in their_cases],
        "messages": [_row(m) for m in messages],
        "attachments": [_row(a) for a in holdings.attachments(session, [id_of(m) for m in messages])],
        "surveys": _rows(session, select(SurveyResponse).where(col(SurveyResponse.citizen_id).in_(ids))),
        "self_service_answers": _rows(session, select(KnowledgeAnswer).where(col(KnowledgeAnswer.citizen_id).in_(ids))),
        "merges": _rows(session, select(CitizenMerge).where(col(CitizenMerge.kept_id).in_(ids))),
        "privacy_actions": _rows(session, select(PrivacyAction).where(col(PrivacyAction.citizen_id).in_(ids))),
        "tags": _rows(session, select(CitizenTag).where(col(CitizenTag.citizen_id).in_(ids))),
        "consultation_feedback": _rows(session, select(PollComment).where(col(PollComment.citizen_id).in_(ids))),
    }


def _case(session: Session, case: Case) -> dict[str, Any]:
    department = session.get(Department, case.department_id)
    trail = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id)))
    return {**_row(case), "department": department.code if department else None, "events": [_row(e) for e in trail]}


def _rows(session: Session, query) -> list[dict[str, Any]]:
    return [_row(row) for row in session.exec(query)]


def _row(row: SQLModel) -> dict[str, Any]:
    return {name: _when(value) if isinstance(value, datetime) else value for name, value in row.model_dump().items()}


def _when(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")
