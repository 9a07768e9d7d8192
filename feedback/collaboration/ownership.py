"""First-contact ownership (首接负责): the first agent to take a case stays the citizen's point of contact."""

from __future__ import annotations

from sqlmodel import Session

from feedback.collaboration.models import CaseOwner


def note_first(session: Session, case_id: int | None, user_id: int | None) -> None:
    """Remember the first agent a case was given to; later assignments and transfers do not change it."""
    if case_id is None or user_id is None or session.get(CaseOwner, case_id) is not None:
        return
    session.add(CaseOwner(case_id=case_id, user_id=user_id))


def owner_of(session: Session, case_id: int) -> int | None:
    """Return the id of the agent who first handled the case, if any."""
    owner = session.get(CaseOwner, case_id)
    return owner.user_id if owner else None
