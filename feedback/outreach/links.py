"""The signed unsubscribe link an emailed notice carries: the token names the address, and nothing else does."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer
from sqlmodel import Session, select

from core.config import Settings
from feedback.outreach import consent
from router.identity.models import Citizen, Identity

_SALT = "civicline-unsubscribe"


def unsubscribe_url(settings: Settings, urn: str) -> str:
    """Return the page where the holder of this address stops notices (no sign-in: the signature is the key)."""
    return f"{settings.public_url}/unsubscribe/{_serializer(settings).dumps(urn)}"


def address_of(settings: Settings, token: str) -> str | None:
    """Return the address an unsubscribe token was made for, or None when it is not one of ours."""
    try:
        urn = _serializer(settings).loads(token)
    except BadSignature:
        return None
    return urn if isinstance(urn, str) else None


def citizen_of(session: Session, urn: str) -> Citizen | None:
    """Return the citizen who holds an address today."""
    citizen_id = session.exec(select(Identity.citizen_id).where(Identity.urn == urn)).first()
    return session.get(Citizen, citizen_id) if citizen_id is not None else None


def unsubscribe(session: Session, settings: Settings, token: str) -> bool | None:
    """Stop notices to the token's citizen; None when the token or address is unknown."""
    urn = address_of(settings, token)
    citizen = citizen_of(session, urn) if urn else None
    if urn is None or citizen is None:
        return None
    consent.opt_out(session, citizen, "email", urn, source="link")
    return True


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=_SALT)
