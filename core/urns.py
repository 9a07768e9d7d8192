"""Channel addresses as normalised `scheme:path` URNs, so one person has one spelling per channel."""

from __future__ import annotations

import phonenumbers

SCHEMES = ("tel", "telegram", "mailto")


class InvalidURN(ValueError):
    """An address that cannot be normalised."""


def tel(raw: str, default_region: str) -> str:
    """Return `tel:+E164` for a phone number written any common way."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidURN(f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidURN(f"not a possible phone number: {raw!r}")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def telegram(user_id: int | str) -> str:
    """Return `telegram:<numeric id>`; usernames change, ids don't."""
    text = str(user_id).strip()
    if not text.isdigit():
        raise InvalidURN(f"a Telegram user id is numeric: {user_id!r}")
    return f"telegram:{int(text)}"


def mailto(address: str) -> str:
    """Return `mailto:` with the domain lower-cased (local parts may be case-sensitive)."""
    text = address.strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in text):
        raise InvalidURN(f"not an email address: {address!r}")
    return f"mailto:{local}@{domain.lower()}"


def normalise(urn: str, default_region: str) -> str:
    """Return a URN typed by a person (`tel:138 0013 8000`, `mailto:A@B.CN`) as the channels store it."""
    scheme, path = split(urn.strip())
    if scheme == "tel":
        return tel(path, default_region)
    if scheme == "telegram":
        return telegram(path)
    return mailto(path)


def split(urn: str) -> tuple[str, str]:
    """Return (scheme, path) of a URN."""
    scheme, sep, path = urn.partition(":")
    if not sep or scheme not in SCHEMES or not path:
        raise InvalidURN(f"not a URN this service knows: {urn!r}")
    return scheme, path


def phone_region(urn: str) -> str | None:
    """Return the ISO region of a `tel:` URN's number, if it has one."""
    scheme, path = split(urn)
    if scheme != "tel":
        return None
    return phonenumbers.region_code_for_number(phonenumbers.parse(path))
