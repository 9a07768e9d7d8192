"""What a caller may hear about a case: read-only look-ups by calling number or typed reference.

A case's own citizen hears its status, department, who handles it and the
latest answer; anybody else who types a valid reference hears only the status
and the department, so a reference overheard or guessed gives nothing away.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from channels.models import OUTBOUND, Interaction
from feedback.dialogue import _STATUS_NAMES  # one wording of statuses on every channel
from feedback.models import Case
from feedback.reference import normalise
from router.identity import find_citizen
from staff.models import Department, User

# Outbound purposes that carry an answer to the citizen's matter (not acknowledgements).
ANSWER_PURPOSES = ("answer", "agent_reply")


def caller_language(session: Session, urn: str, default: str) -> str:
    """Return the language of the citizen behind a number, or the default for a stranger."""
    citizen = find_citizen(session, urn)
    return citizen.language if citizen is not None and citizen.language in ("zh", "en") else default


def latest_case(session: Session, urn: str) -> Case | None:
    """Return the most recently opened case of the citizen behind a number."""
    citizen = find_citizen(session, urn)
    if citizen is None:
        return None
    query = select(Case).where(Case.citizen_id == citizen.id).order_by(col(Case.opened_at).desc(), col(Case.id).desc())
    return session.exec(query).first()


def case_by_reference(session: Session, reference: str) -> Case | None:
    """Return the case with this reference (spaces and dashes ignored)."""
    return session.exec(select(Case).where(Case.reference == normalise(reference))).first()


def belongs_to(session: Session, case: Case, urn: str) -> bool:
    """Tell whether the number calling is the case's own citizen."""
    citizen = find_citizen(session, urn)
    return citizen is not None and citizen.id == case.citizen_id


def spoken_status(session: Session, case: Case, language: str, owner: bool) -> str:
    """Return the sentence to speak: status and department, plus handler and answer for the owner."""
    department = session.get(Department, case.department_id)
    department_name = department.name(language) if department else ""
    state = _STATUS_NAMES.get(case.status, (case.status, case.status))[0 if language == "zh" else 1]
    digits = " ".join(case.reference)  # spaced so text-to-speech reads digits, not one big number
    zh = language == "zh"
    parts = [f"工单 {digits}，{department_name}，{state}。" if zh else f"Case {digits}, {department_name}: {state}."]
    if owner:
        parts.extend(_owner_details(session, case, zh))
    return "".join(parts) if zh else " ".join(parts)


def _owner_details(session: Session, case: Case, zh: bool) -> list[str]:
    details = []
    agent = session.get(User, case.assignee_id) if case.assignee_id else None
    if agent is not None:
        details.append(f"承办人：{agent.display_name}。" if zh else f"Handled by {agent.display_name}.")
    answer = session.exec(
        select(Interaction)
        .where(Interaction.case_id == case.id, Interaction.direction == OUTBOUND)
        .where(col(Interaction.purpose).in_(ANSWER_PURPOSES))
        .order_by(col(Interaction.id).desc())
    ).first()
    if answer is not None:
        details.append(f"答复：{answer.text}" if zh else f"Our answer: {answer.text}")
    return details
