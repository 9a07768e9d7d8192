"""Refusals that staff pages can show in the reader's own language.

Domain code runs in workers and command lines, where there is no request and no
language, so it raises an English sentence with named placeholders and the
values apart. `str()` gives the English (logs, the command line, the JSON API);
the web layer looks the sentence up in the translation catalogue and fills the
values in (`web.i18n.explain`). `scripts/zh_messages.py` extracts the sentences
from every `raise` of these classes, so an untranslated refusal fails the tests.
"""

from __future__ import annotations


class Refusal(ValueError):
    """A request that cannot be done; nothing was changed, and the sentence says why."""

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        super().__init__(template % {name: _english(value) for name, value in values.items()} if values else template)


def _english(value: object) -> object:
    """Write a set of values (e.g. the statuses a case may take) as a list."""
    if isinstance(value, tuple | list | set | frozenset):
        return ", ".join(sorted(str(item) for item in value)) or "none"
    return value
