"""A notice's words: the variables it may use, how each citizen's copy is written, and what an SMS of it costs."""

from __future__ import annotations

from string import Formatter

from core.refusal import Refusal
from feedback.outreach.texts import TEXTS
from router.identity.models import Citizen

VARIABLES = ("name", "county", "township", "village")
# What a variable reads as when the citizen's record has no value for it.
FALLBACK = {"zh": {"name": "市民"}, "en": {"name": "resident"}}
# Characters of the GSM 03.38 default alphabet: a text of only these goes 160 to a segment, anything else 70.
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€")
# Every variable is counted at this length when an SMS's segments are estimated before names are known.
VARIABLE_ESTIMATE = 6


class WordingRefused(Refusal):
    """A notice text that cannot be sent as written."""


def check(text: str) -> list[str]:
    """Return the variables a text uses; raise WordingRefused for an unknown one or a stray brace."""
    try:
        names = [field for _literal, field, spec, _conv in Formatter().parse(text) if field is not None]
    except ValueError:
        raise WordingRefused("the text has an unmatched { or }: write variables as {name}") from None
    for name in names:
        if name not in VARIABLES:
            raise WordingRefused(
                "unknown variable {%(name)s}: use %(known)s", name=name, known=", ".join(f"{{{v}}}" for v in VARIABLES)
            )
    return names


def render(text: str, citizen: Citizen, language: str) -> str:
    """Write one citizen's copy of a checked text."""
    fallback = FALLBACK.get(language, FALLBACK["en"])
    values = {name: getattr(citizen, name, None) or fallback.get(name, "") for name in VARIABLES}
    return text.format_map(values)


def with_options(text: str, options: list[str], language: str) -> str:
    """Return a consultation's text followed by its numbered options (a notice without options is unchanged)."""
    if not options:
        return text
    choices = " ".join(f"{number}. {label}" for number, label in enumerate(options, 1))
    return f"{text} {TEXTS.say('poll_line', language, choices=choices)}"


def sms_copy(text: str, language: str) -> str:
    """Return a notice as an SMS carries it: the words, then how to opt out (what carriers require)."""
    return f"{text} {TEXTS.say('sms_footer', language)}" if text else text


def sms_segments(text: str) -> int:
    """Return how many SMS segments a text takes (GSM-7: 160, or 153 each when split; UCS-2: 70, or 67)."""
    estimate = _with_estimates(text)
    if all(c in _GSM or c in _GSM_EXTENDED for c in estimate):
        units = len(estimate) + sum(c in _GSM_EXTENDED for c in estimate)
        single, part = 160, 153
    else:
        units = sum(2 if ord(c) > 0xFFFF else 1 for c in estimate)
        single, part = 70, 67
    return 1 if units <= single else -(-units // part)


def _with_estimates(text: str) -> str:
    try:
        return text.format_map(dict.fromkeys(VARIABLES, "x" * VARIABLE_ESTIMATE))
    except (KeyError, ValueError):
        return text
