"""The citizen's profile: which fields an agent may fill in, what values they take, and applying a change.

One module for the API and the case page, so both check a change the same way
and a bad field refuses the whole change before anything is written.
"""

from __future__ import annotations

from sqlmodel import Session

from channels.registry import KINDS
from core.clock import utcnow
from core.config import LANGUAGES
from core.refusal import Refusal
from router.identity import names
from router.identity.merge import PROFILE_FIELDS
from router.identity.models import Citizen

AGE_GROUPS = ("under_18", "18_34", "35_59", "60_plus")
TEXT_LIMITS = {"name": 200, "region": 200, "county": 100, "township": 100, "village": 100, "occupation": 100}
CHOICES = {"language": LANGUAGES, "preferred_channel": KINDS, "age_group": AGE_GROUPS}


class ProfileError(Refusal):
    """A profile change that cannot be applied; nothing was written."""


def checked_changes(body: dict) -> dict[str, str | None]:
    """Check every field before any is applied, so a bad one leaves the record untouched."""
    unknown = sorted(set(body) - set(PROFILE_FIELDS))
    if unknown:
        raise ProfileError(
            "unknown field(s): %(unknown)s; profile fields are %(fields)s", unknown=unknown, fields=PROFILE_FIELDS
        )
    return {name: _checked(name, value) for name, value in body.items()}


def _checked(name: str, value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ProfileError("%(field)s must be text or null", field=name)
    value = value.strip()
    choices = CHOICES.get(name)
    if choices and value not in choices:
        raise ProfileError(
            "%(field)s must be one of %(choices)s, not %(value)r", field=name, choices=choices, value=value
        )
    if len(value) > TEXT_LIMITS.get(name, 200):
        raise ProfileError(
            "%(field)s is longer than %(limit)d characters", field=name, limit=TEXT_LIMITS.get(name, 200)
        )
    return value


def apply(session: Session, citizen: Citizen, changes: dict[str, str | None]) -> None:
    """Write checked changes (the case layer's `feedback.cases.citizens.update_profile` also fills in regions)."""
    for name, value in changes.items():
        setattr(citizen, name, value)
    if "name" in changes:
        citizen.name_source = names.AGENT if changes["name"] else None
    citizen.updated_at = utcnow()
    session.add(citizen)
