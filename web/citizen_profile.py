"""Filling in the citizen's profile and flagging a shared phone from the case page (router.profile checks values)."""

from __future__ import annotations

from sqlmodel import Session

from core.refusal import Refusal
from feedback.cases import citizens, events
from feedback.cases.models import Case
from router.identity import addresses, profile
from router.identity.merge import PROFILE_FIELDS
from router.identity.models import Citizen, Identity


class ProfileRefused(Refusal):
    """The change cannot be saved; nothing was written."""


def update_from_form(session: Session, case: Case, form, actor: str) -> list[str]:
    """Save the profile form for the case's citizen; return the names of the fields that changed."""
    try:
        changes = profile.checked_changes({name: form.get(name, "") for name in PROFILE_FIELDS if name in form})
    except profile.ProfileError as exc:
        raise ProfileRefused(exc.template, **exc.values) from exc
    citizen = session.get(Citizen, case.citizen_id)
    assert citizen is not None  # a case's citizen is never deleted
    changed = {name: value for name, value in changes.items() if getattr(citizen, name) != value}
    if changed:
        citizens.update_profile(session, citizen, changed)
        events.record(session, case.id, "citizen_profile_updated", actor=actor, fields=sorted(changed))
    return sorted(changed)


def set_shared_from_form(session: Session, case: Case, form, actor: str) -> bool:
    """Flag (or unflag) one of the case's citizen's addresses as shared; return the new flag."""
    raw = form.get("identity_id", "")
    identity = session.get(Identity, int(raw)) if raw.isdigit() else None
    if identity is None or identity.citizen_id != case.citizen_id:
        raise ProfileRefused("no such address for this citizen")
    shared = form.get("shared") == "1"
    addresses.set_shared(session, identity.id, shared)  # type: ignore[arg-type]
    events.record(session, case.id, "identity_shared", actor=actor, urn=identity.urn, shared=shared)
    return shared
