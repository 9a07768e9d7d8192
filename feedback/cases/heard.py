"""What was said in a recorded call, written down: by a local speech-to-text engine, or by the agent who listened.

The words become the case's text (its summary) and route a case still waiting in
triage — a voice message arrives with no words, so the router could not place it.
A case someone already holds stays where it is: they decide.
"""

from __future__ import annotations

from sqlmodel import Session

from core.db import id_of
from core.refusal import Refusal
from feedback.cases import events
from feedback.cases.models import Case
from feedback.cases.triage import route_from_triage

MAX_TEXT = 2000


class HeardError(Refusal):
    """A summary that cannot be saved; nothing was changed."""


def write_down(session: Session, case: Case, text: str, actor: str) -> bool:
    """Make what the caller said the case's text, and route it out of triage; return whether it moved."""
    text = text.strip()
    if not text:
        raise HeardError("write what the caller said")
    if len(text) > MAX_TEXT:
        raise HeardError("the summary is longer than %(limit)d characters", limit=MAX_TEXT)
    case.summary = text
    session.add(case)
    events.record(session, id_of(case), "recording_summarised", actor=actor, text=text)
    return route_from_triage(session, case, text)
