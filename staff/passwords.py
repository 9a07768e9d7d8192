"""Password hashing with argon2id (argon2-cffi), so a stolen database does not give away passwords."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
_hasher = PasswordHasher()
# A hash checked when the username is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class WeakPassword(ValueError):
    """A password too short to protect a staff account."""


def hash_password(password: str) -> str:
    """Return an argon2id hash of a password that is long enough."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """Tell whether the password matches; an unknown user costs the same time as a wrong password."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
