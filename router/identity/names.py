"""Citizens' names: those a channel's profile gives are kept, but never over one staff typed.

`Citizen.name_source` says where the name came from: AGENT for staff (the case page, the API, the
walk-in form), or the channel that gave it. A channel's name fills an empty name and may follow that
same channel's later changes (a renamed Telegram profile); it never replaces an agent's, nor another
channel's, nor a name of unknown origin (older than the field, so treated as typed).
"""

from __future__ import annotations

from sqlmodel import Session

from core.clock import utcnow
from router.identity.models import Citizen

AGENT = "agent"
MAX_NAME = 200


def offer(session: Session, citizen: Citizen, name: str, source: str) -> bool:
    """Keep the name a channel gives as the citizen's unless staff named them; return whether it changed."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name or citizen.erased_at is not None or citizen.name == name:
        return False
    if citizen.name and citizen.name_source != source:
        return False
    citizen.name, citizen.name_source, citizen.updated_at = name, source, utcnow()
    session.add(citizen)
    return True


def typed_by_staff(session: Session, citizen: Citizen, name: str | None) -> None:
    """Record a name staff entered (or cleared): from now on no channel's name replaces it."""
    citizen.name = " ".join(name.split())[:MAX_NAME] if name else None
    citizen.name_source = AGENT if citizen.name else None
    citizen.updated_at = utcnow()
    session.add(citizen)
