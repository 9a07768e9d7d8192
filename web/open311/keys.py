"""API keys for Open311 clients: random, shown once, stored as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, select

from core.clock import utcnow
from web.open311.models import ApiKey


def create(session: Session, name: str) -> str:
    """Store a new key for a named client and return it (the only time it is seen)."""
    key = "o311_" + secrets.token_urlsafe(24)
    session.add(ApiKey(name=name[:200], key_hash=_hash(key)))
    return key


def check(session: Session, key: str) -> ApiKey | None:
    """Return the active key record for a presented key, or None."""
    if not key:
        return None
    record = session.exec(select(ApiKey).where(ApiKey.key_hash == _hash(key), ApiKey.active)).first()
    if record is not None:
        record.last_used_at = utcnow()
        session.add(record)
    return record


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
