"""Whether a case is public: its words and its answer then appear in Open311 (`status_notes`), for filers who left
no way to reach them and for anyone following the portal.

An answer that could only be published (a filer without phone or email) reaches
the citizen when the case is public, and only then counts as delivered.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from channels.models import ANSWER, DELIVERED, SENT, Interaction
from core.clock import utcnow
from core.db import id_of
from feedback.answers.addresses import PUBLISHED
from feedback.answers.delivery import mark_delivered
from feedback.cases import events
from feedback.cases.models import Case


def set_public(session: Session, case: Case, public: bool, actor: str) -> bool:
    """Make a case public or private; return whether it changed. A published answer counts once public."""
    if case.public == public:
        return False
    case.public, case.updated_at = public, utcnow()
    session.add(case)
    events.record(session, id_of(case), "made_public" if public else "made_private", actor=actor)
    if public:
        _deliver_published_answer(session, case)
    return True


def _deliver_published_answer(session: Session, case: Case) -> None:
    answer = session.exec(
        select(Interaction)
        .where(Interaction.case_id == case.id, Interaction.purpose == ANSWER, Interaction.channel == PUBLISHED)
        .where(Interaction.status == SENT)
        .order_by(col(Interaction.id).desc())
    ).first()
    if answer is None:
        return
    answer.status, answer.delivered_at = DELIVERED, utcnow()
    session.add(answer)
    session.flush()
    mark_delivered(session, answer)
