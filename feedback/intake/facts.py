"""What the inbound steps ask about a citizen, read for a whole batch of contacts in two queries.

Every step wants to know whether the citizen has an open case, a recently
resolved one, a survey waiting for an answer, or recent cases that make a new
one a repeat. Asked contact by contact that was a dozen queries each; a batch
asks once for all its citizens. The answers describe the database as the batch
found it, so they serve only a citizen's first contact in the batch: a second
contact from the same citizen sees what the first one changed by asking again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, and_, col, or_, select

from core.clock import utcnow
from core.db import id_of
from feedback.cases.models import Case
from feedback.cases.opening import REPEAT_CITIZEN_WINDOW, REPEAT_TOPIC_WINDOW
from feedback.cases.statuses import OPEN_STATUSES
from feedback.surveys.models import SurveyResponse
from feedback.surveys.satisfaction import SURVEY_DAYS


@dataclass
class CitizenFacts:
    """One citizen's cases and survey as the batch found them (the ORM objects, so changes show)."""

    open_case: Case | None = None  # the newest of open_cases
    open_cases: list[Case] = field(default_factory=list)  # newest first
    resolved_case: Case | None = None  # the latest resolved within the reopen window
    pending_survey: SurveyResponse | None = None
    recent: list[tuple[int, datetime]] = field(default_factory=list)  # (department, opened) within 90 days

    def repeat_flags(self, department_id: int, now: datetime) -> dict[str, bool]:
        """Tell whether a new case repeats recent ones (as `cases.repeat_flags` does, without a query)."""
        return {
            "repeat_citizen": any(opened >= now - REPEAT_CITIZEN_WINDOW for _dept, opened in self.recent),
            "repeat_topic": any(dept == department_id for dept, _opened in self.recent),
        }


def load(session: Session, citizen_ids: Iterable[int], reopen_window_days: int) -> dict[int, CitizenFacts]:
    """Return the facts for each citizen (new citizens need no query: pass only those already known)."""
    ids = sorted(set(citizen_ids))
    facts = {citizen_id: CitizenFacts() for citizen_id in ids}
    if not ids:
        return facts
    now = utcnow()
    reopen_since = now - timedelta(days=reopen_window_days)
    recent_since = now - REPEAT_TOPIC_WINDOW
    cases = session.exec(
        select(Case).where(
            col(Case.citizen_id).in_(ids),
            or_(
                col(Case.status).in_(OPEN_STATUSES),
                and_(Case.status == "resolved", col(Case.resolved_at) >= reopen_since),
                col(Case.opened_at) >= recent_since,
            ),
        )
    ).all()
    for case in cases:
        mine = facts[case.citizen_id]
        if case.opened_at >= recent_since:
            mine.recent.append((case.department_id, case.opened_at))
        if case.status in OPEN_STATUSES:
            mine.open_cases.append(case)
            if _later(case, mine.open_case, "opened_at"):
                mine.open_case = case
        reopenable = case.status == "resolved" and case.resolved_at and case.resolved_at >= reopen_since
        if reopenable and _later(case, mine.resolved_case, "resolved_at"):
            mine.resolved_case = case
    for mine in facts.values():
        mine.open_cases.sort(key=lambda case: (case.opened_at, case.id), reverse=True)
    surveys = session.exec(
        select(SurveyResponse).where(
            col(SurveyResponse.citizen_id).in_(ids),
            col(SurveyResponse.answered_at).is_(None),
            col(SurveyResponse.asked_at) >= now - timedelta(days=SURVEY_DAYS),
        )
    ).all()
    for survey in surveys:
        mine = facts[survey.citizen_id]
        if mine.pending_survey is None or id_of(survey) > id_of(mine.pending_survey):
            mine.pending_survey = survey
    return facts


def _later(case: Case, best: Case | None, stamp: str) -> bool:
    # The same order as the single-citizen queries: newest first, the higher id on a tie.
    if best is None:
        return True
    return (getattr(case, stamp), case.id) > (getattr(best, stamp), best.id)
