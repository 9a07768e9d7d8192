"""What a citizen may be told of their cases: the status line by message, and the sentence read out on the phone.

A case's own citizen hears its status, department, who handles it and the
latest answer; anybody else who types a valid reference hears only the status
and the department, so a reference overheard or guessed gives nothing away.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from channels.models import ANSWER, OUTBOUND, Interaction
from feedback.cases.models import Case
from feedback.texts import TEXTS, status_name
from staff.models import Department, User

# Outbound purposes that carry an answer to the citizen's matter (not acknowledgements).
ANSWER_PURPOSES = (ANSWER, "agent_reply")
LATEST = 3  # cases listed in the answer to "查询"


def status_reply(session: Session, citizen_id: int, language: str, hotline: str) -> str:
    """Describe the citizen's most recent cases, or say there are none."""
    cases = session.exec(
        select(Case).where(Case.citizen_id == citizen_id).order_by(col(Case.opened_at).desc()).limit(LATEST)
    ).all()
    if not cases:
        return TEXTS.say("no_cases", language, hotline=hotline)
    lines = [
        TEXTS.say(
            "case_line",
            language,
            reference=case.reference,
            department=_department(session, case, language),
            status=status_name(case.status, language),
        )
        for case in cases
    ]
    return TEXTS.say("case_lines", language, hotline=hotline, lines=TEXTS.say("line_separator", language).join(lines))


def case_status_reply(session: Session, case: Case, language: str, hotline: str) -> str:
    """Describe one of the citizen's own cases: its status and department (the owner asked by reference)."""
    line = TEXTS.say(
        "case_line",
        language,
        reference=case.reference,
        department=_department(session, case, language),
        status=status_name(case.status, language),
    )
    return TEXTS.say("case_lines", language, hotline=hotline, lines=line)


def spoken_status(session: Session, case: Case, language: str, owner: bool) -> str:
    """Return the sentence to speak: status and department, plus handler and answer for the owner."""
    digits = " ".join(case.reference)  # spaced so text-to-speech reads digits, not one big number
    parts = [
        TEXTS.say(
            "spoken_case",
            language,
            reference=digits,
            department=_department(session, case, language),
            status=status_name(case.status, language),
        )
    ]
    if owner:
        parts.extend(_owner_details(session, case, language))
    return TEXTS.say("sentence_separator", language).join(parts)


def _owner_details(session: Session, case: Case, language: str) -> list[str]:
    details = []
    agent = session.get(User, case.assignee_id) if case.assignee_id else None
    if agent is not None:
        details.append(TEXTS.say("spoken_handler", language, name=agent.display_name))
    answer = session.exec(
        select(Interaction)
        .where(Interaction.case_id == case.id, Interaction.direction == OUTBOUND)
        .where(col(Interaction.purpose).in_(ANSWER_PURPOSES))
        .order_by(col(Interaction.id).desc())
    ).first()
    if answer is not None:
        details.append(TEXTS.say("spoken_answer", language, text=answer.text))
    return details


def _department(session: Session, case: Case, language: str) -> str:
    department = session.get(Department, case.department_id)
    return department.name(language) if department else ""
