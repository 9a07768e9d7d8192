"""Urging (催办): a citizen's follow-up that presses for progress on a case already open.

Hotlines count these per case: a case urged three times is a case the citizen
has given up waiting on. A follow-up counts when it asks why nothing happened
yet or demands speed; a photo or a new detail does not.
"""

from __future__ import annotations

import re

# Chinese: "still not", "why hasn't", "hurry", "how long", "chasing"; English: the same questions.
_URGING = re.compile(
    r"催|还没|还未|怎么还|为什么还|到底|尽快|赶紧|赶快|抓紧|多久|何时|什么时候|再次反映|又来问|没人管|没有人管|没人处理|"
    r"\b(?:still (?:not|no|nothing|waiting)|hurry|asap|how long|when will|any (?:news|update|progress)|"
    r"nobody has|no one has|chasing|follow(?:ing)? up)\b",
    re.IGNORECASE,
)


def is_urging(text: str | None) -> bool:
    """Return whether a citizen's follow-up presses for progress."""
    return bool(text and _URGING.search(text))
