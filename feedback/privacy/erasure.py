"""Anonymise one person everywhere on request, keeping the figures, and record who asked and why."""

from __future__ import annotations

from sqlmodel import Session

from core.blobs.base import BlobStore
from core.db import id_of
from feedback.cases import events
from feedback.privacy import holdings, scrub
from feedback.privacy.holdings import PrivacyRefused
from feedback.privacy.models import ERASE, PrivacyAction


def erase(session: Session, blobs: BlobStore, citizen_id: int, actor: str, reason: str, force: bool = False) -> dict:
    """Remove everything that identifies the person: messages, files, names, addresses; return the counts.

    Refused without a reason, and while the person has open cases unless `force`d: an agent still
    working a case would lose the citizen's words and the way to answer them.
    """
    if not reason.strip():
        raise PrivacyRefused("say why the citizen's data is erased (the reason is kept in the audit trail)")
    who = holdings.person(session, citizen_id)
    forced = holdings.check_open_cases(session, who, force, reason)
    their_cases = holdings.cases(session, who)
    rows = holdings.messages(session, who, [id_of(c) for c in their_cases])
    counts = {
        "records": len(who.citizen_ids),
        "cases": sum(scrub.case(session, case) for case in their_cases),
        "files": scrub.files(session, blobs, holdings.attachments(session, [id_of(r) for r in rows])),
        "messages": scrub.messages(session, rows, addresses_too=True),
        "addresses": scrub.citizen(session, who.citizen_ids),
    }
    for case in their_cases:
        events.record(session, id_of(case), "citizen_erased", actor=actor, forced=forced)
    session.add(PrivacyAction(kind=ERASE, citizen_id=who.citizen.id, actor=actor, reason=reason.strip(),
                              forced=forced, counts=counts))  # fmt: skip
    session.flush()
    return counts
