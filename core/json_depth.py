"""JSON read with a limit on nesting, so a hostile body cannot exhaust the parser's recursion.

Python's `json` parses arrays and objects recursively: `[` × 100,000 raises
RecursionError (not ValueError), which every caller catching bad JSON misses.
Counting brackets outside strings first costs a regular expression over a
body that MAX_BODY_BYTES already keeps small.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64  # Telegram's updates nest 6 deep, the API's bodies 2
# A string (to skip; an unterminated one runs to the end, so no quote is scanned twice) or a bracket.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)|[\[\]{}]', re.DOTALL)


class TooDeep(ValueError):
    """A JSON text nested deeper than the limit."""


def depth(text: str, stop_above: int | None = None) -> int:
    """Return how deeply arrays and objects nest in a JSON text (brackets inside strings do not count).

    With `stop_above`, return as soon as the nesting passes it: a hostile body is refused at its start.
    """
    deepest = level = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        level += 1 if token in "[{" else -1
        deepest = max(deepest, level)
        if stop_above is not None and deepest > stop_above:
            break
    return deepest


def loads(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON like `json.loads`, raising TooDeep (a ValueError) past `max_depth` levels."""
    if depth(text, stop_above=max_depth) > max_depth:
        raise TooDeep(f"JSON nested deeper than {max_depth} levels")
    return json.loads(text)
