"""Case references: digits only, with a Damm check digit so a mistyped reference is caught.

The Damm algorithm detects every single-digit error and every swap of two
adjacent digits, the two mistakes people make on a phone keypad.
"""

from __future__ import annotations

import secrets

_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
BODY_DIGITS = 8
LENGTH = BODY_DIGITS + 1


def check_digit(digits: str) -> str:
    """Return the Damm check digit of a string of digits."""
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return str(interim)


def is_valid(reference: str) -> bool:
    """Tell whether a typed reference has the right length and check digit (spaces and dashes ignored)."""
    digits = normalise(reference)
    return len(digits) == LENGTH and digits.isdigit() and check_digit(digits) == "0"


def normalise(reference: str) -> str:
    """Drop the spaces and dashes people type between groups of digits."""
    return "".join(c for c in reference if c not in " -")


def new_reference() -> str:
    """Return a random reference: 8 digits (the first never 0) and a check digit."""
    body = str(secrets.randbelow(9 * 10 ** (BODY_DIGITS - 1)) + 10 ** (BODY_DIGITS - 1))
    return body + check_digit(body)
