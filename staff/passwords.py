"""Staff passwords: what is long and uncommon enough, and hashing with argon2id (argon2-cffi).

A password is read as NFKC-normalised text with invisible format characters (zero-width spaces)
removed and the ends trimmed, so that "ten spaces" or full-width digits do not pass for a long
password, and so that the same password typed on another keyboard still matches. Following NIST
SP 800-63B there are no composition rules; a password is refused when it is short, very long,
common (zxcvbn's list of the 30,000 most used passwords, also with symbols or up to four characters
around it and with l33t spellings undone), a run of one repeated piece, or when it contains the username.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from core.refusal import Refusal

MIN_LENGTH = 12
MAX_LENGTH = 128  # characters: a passphrase fits; a 60 KB "password" would only cost hashing time
_hasher = PasswordHasher()
# A hash checked when the username is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "l", "!": "i", "0": "o", "$": "s", "5": "s", "7": "t"})


class WeakPassword(Refusal):
    """A password that would not protect a staff account; the message says why."""


def normalised(password: str) -> str:
    """Return the password as it is checked and hashed: NFKC, no format characters, ends trimmed."""
    text = unicodedata.normalize("NFKC", password)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def check(password: str, username: str = "") -> str:
    """Return the normalised password, or raise WeakPassword saying what is wrong with it."""
    text = normalised(password)
    if len(text) < MIN_LENGTH:
        raise WeakPassword("a password needs at least %(n)d characters", n=MIN_LENGTH)
    if len(text) > MAX_LENGTH:
        raise WeakPassword("a password may have at most %(n)d characters", n=MAX_LENGTH)
    lowered = text.casefold()
    name = normalised(username).casefold()
    if len(name) >= 3 and name in lowered:
        raise WeakPassword("a password must not contain the username")
    if _is_common(lowered) or _repeats(lowered):
        raise WeakPassword("this password is too common or too easy to guess; a few unrelated words are better")
    return text


def hash_password(password: str, username: str = "") -> str:
    """Return an argon2id hash of a password that passes `check`."""
    return _hasher.hash(check(password, username))


def verify(password_hash: str | None, password: str) -> bool:
    """Tell whether the password matches; an unknown user costs the same time as a wrong password."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, normalised(password)) and password_hash is not None
    except (VerificationError, InvalidHashError):
        pass
    # Hashes made before passwords were normalised were of the text as typed.
    if password_hash is None or normalised(password) == password:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _common() -> frozenset[str]:
    found = FREQUENCY_LISTS["passwords"]  # a list, or one comma-separated string in older releases
    return frozenset(found.split(",") if isinstance(found, str) else found)


def _is_common(lowered: str) -> bool:
    """Tell whether a common password is all there is, give or take symbols and four characters around it."""
    common = _common()
    for text in {lowered, lowered.translate(_LEET)}:
        if _AROUND.sub("", text) in common:
            return True
        pieces = (text[start : len(text) - end] for start in range(5) for end in range(5))
        if any(len(piece) >= 6 and piece in common for piece in pieces):
            return True
    return False


def _repeats(lowered: str) -> bool:
    """Tell whether the password is one short piece over and over ("aaaa…", "abcabc…", "1212…") or a run ("abcd…")."""
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(lowered)}
    if steps in ({1}, {-1}):
        return True
    for size in range(1, 5):
        piece = lowered[:size]
        if (piece * (len(lowered) // size + 1))[: len(lowered)] == lowered:
            return True
    return False
