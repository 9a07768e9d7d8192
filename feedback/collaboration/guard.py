"""What the lifecycle asks before a case is resolved: are assisting departments still working on it?"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from feedback.collaboration.models import OPEN, AssistTask


def open_tasks(session: Session, case_id: int | None) -> int:
    """Count a case's assisting tasks still open."""
    if case_id is None:
        return 0
    query = select(func.count()).select_from(AssistTask).where(AssistTask.case_id == case_id, AssistTask.status == OPEN)
    return int(session.exec(query).one())
