"""How much work an agent takes: the most open cases the router gives them, and the languages they answer in.

The assignment proposal reads both (`router.assignment`); admins set them on the
user page and through `PATCH /api/users/<id>`, both through `set_caps`.
"""

from __future__ import annotations

from core.config import LANGUAGES
from core.refusal import Refusal
from staff.models import User

MAX_CAP = 500  # more open cases than anyone can work; a typo, not a policy


class CapError(Refusal):
    """A cap or a language list that cannot be saved; nothing was changed."""


def set_caps(user: User, max_open_cases: object = None, languages: object = None) -> None:
    """Check and set an agent's case cap and languages (None leaves one as it is); raise CapError."""
    if max_open_cases is not None:
        user.max_open_cases = parse_cap(max_open_cases)
    if languages is not None:
        user.languages = ",".join(parse_languages(languages))


def parse_cap(raw: object) -> int:
    """Return a cap from a form field or JSON value: a whole number from 0 (gets no new cases) to MAX_CAP."""
    text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if not text.isdigit() or int(text) > MAX_CAP:
        raise CapError("the most open cases must be a whole number from 0 to %(limit)d", limit=MAX_CAP)
    return int(text)


def parse_languages(raw: object) -> list[str]:
    """Return the languages from a list (or comma-separated text): known codes only, at least one."""
    items = raw.split(",") if isinstance(raw, str) else raw if isinstance(raw, list) else None
    if items is None or not all(isinstance(item, str) for item in items):
        raise CapError("languages must be a list of language codes")
    codes = [item.strip() for item in items if item.strip()]
    if not codes or any(code not in LANGUAGES for code in codes):
        raise CapError("languages must be one or more of %(allowed)s", allowed=", ".join(LANGUAGES))
    return list(dict.fromkeys(codes))
