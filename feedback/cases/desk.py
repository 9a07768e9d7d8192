"""The case desk the channels may ask while they answer a provider on the spot (`channels.base.CaseDesk`).

Read-only look-ups by calling number or typed reference, each in a short read
session of its own: the IVR asks them while a caller waits for the next prompt.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from core.config import LANGUAGES
from core.runtime import Runtime
from feedback.cases.models import Case
from feedback.cases.reference import is_valid, normalise
from feedback.cases.status_report import spoken_status
from router.identity.recognise import find_citizen


class CaseDesk:
    """Answers about cases for the channels, read from this runtime's database."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime

    def caller_language(self, urn: str, default: str) -> str:
        """Return the language of the citizen behind an address, or the default for a stranger."""
        with self.runtime.read_session() as session:
            citizen = find_citizen(session, urn)
            return citizen.language if citizen is not None and citizen.language in LANGUAGES else default

    def latest_status(self, urn: str, language: str) -> str | None:
        """Return the sentence on the caller's most recently opened case, or None if they have none."""
        with self.runtime.read_session() as session:
            citizen = find_citizen(session, urn)
            if citizen is None:
                return None
            case = session.exec(
                select(Case)
                .where(Case.citizen_id == citizen.id)
                .order_by(col(Case.opened_at).desc(), col(Case.id).desc())
            ).first()
            return spoken_status(session, case, language, owner=True) if case is not None else None

    def status_by_reference(self, reference: str, urn: str, language: str) -> tuple[str, str | None]:
        """Tell the status of a typed reference: everything to its own citizen, status and department to others."""
        if not (reference.isascii() and is_valid(reference)):
            return "bad", None
        with self.runtime.read_session() as session:
            case = session.exec(select(Case).where(Case.reference == normalise(reference))).first()
            if case is None:
                return "unknown", None
            return "found", spoken_status(session, case, language, owner=_belongs_to(session, case, urn))


def _belongs_to(session: Session, case: Case, urn: str) -> bool:
    citizen = find_citizen(session, urn)
    return citizen is not None and citizen.id == case.citizen_id
