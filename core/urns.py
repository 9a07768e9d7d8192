"""Channel addresses as normalised `scheme:path` URNs, so one person has one spelling per channel.

Phone numbers (`tel:+8613800138000`) are read here, because SMS, calls, staff
intake and Telegram's shared numbers all use them. Every other scheme belongs
to the channel that reaches it (`telegram:`, `mailto:`); `channels.registry`
normalises a URN of any scheme a channel knows.
"""

from __future__ import annotations

import re

import phonenumbers

_SCHEME = re.compile(r"[a-z][a-z0-9]{0,15}")


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


def national_number(urn: str) -> str | None:
    """Return the digits of a `tel:` URN's number as dialled inside its country (13800138000), if it parses."""
    try:
        return str(phonenumbers.parse(split(urn)[1]).national_number) if urn.startswith("tel:") else None
    except (InvalidURN, phonenumbers.NumberParseException):
        return None


def split(urn: str) -> tuple[str, str]:
    """Return (scheme, path) of a URN."""
    scheme, sep, path = urn.partition(":")
    if not sep or not _SCHEME.fullmatch(scheme) or not path:
        raise InvalidURN(f"not a URN: {urn!r}")
    return scheme, path


def phone_region(urn: str) -> str | None:
    """Return the ISO region of a `tel:` URN's number, if it has one."""
    scheme, path = split(urn)
    if scheme != "tel":
        return None
    return phonenumbers.region_code_for_number(phonenumbers.parse(path))
