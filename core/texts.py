"""What the hotline says to citizens, in Chinese and English: one way to keep and look up those texts.

Every citizen-facing text lives in a `Catalogue` in the `texts.py` of the code
that says it (a channel's folder, the cases package, knowledge). A catalogue
checks when it is built that each text exists in both languages with the same
placeholders, so a text can never go out half-translated or with a
`{reference}` left unfilled.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from core.config import LANGUAGES

FALLBACK = "en"  # the language of a citizen whose language is neither of ours


class Catalogue:
    """Texts by key, each in every language of `LANGUAGES`, with `{name}` placeholders."""

    def __init__(self, texts: Mapping[str, Mapping[str, str]]):
        for key, by_language in texts.items():
            missing = [language for language in LANGUAGES if by_language.get(language) is None]
            if missing:
                raise ValueError(f"text {key!r} has no {', '.join(missing)} version")
            names = {language: _placeholders(by_language[language]) for language in LANGUAGES}
            if len({frozenset(found) for found in names.values()}) != 1:
                raise ValueError(f"text {key!r} has different placeholders in its languages: {names}")
        self._texts = {key: dict(by_language) for key, by_language in texts.items()}

    def __contains__(self, key: object) -> bool:
        return key in self._texts

    def keys(self) -> list[str]:
        """Return every key, for checks and for translators."""
        return list(self._texts)

    def say(self, key: str, language: str, **values: object) -> str:
        """Return a text in the citizen's language (English for any other), its placeholders filled in."""
        by_language = self._texts[key]
        return by_language.get(language, by_language[FALLBACK]).format(**values)


def _placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name}
