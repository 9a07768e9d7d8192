"""Read a citizen's answer to a satisfaction survey, in whatever words or digits they use, on any channel.

Scores run from 1 (very dissatisfied) to 5 (very satisfied). The three words
of a 12345 survey map onto it: 满意 5, 基本满意 3, 不满意 1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_HELP_REPLIES = 2  # after this, short unrecognised messages are treated as new messages
MAX_SHORT_ANSWER = 6  # longer messages without a recognisable answer are new messages, not survey answers
REOPEN_WORDS = frozenset({"reopen", "重新办理", "重办", "重新处理"})
# The five answers, as buttons and on the web form.
OPTIONS = (("5", "非常满意 Very satisfied"), ("4", "满意 Satisfied"), ("3", "基本满意 Fairly"),
           ("2", "不满意 Not satisfied"), ("1", "很不满意 Very dissatisfied"))  # fmt: skip
_WORDS = (  # longest first, so 不满意 is not read as 满意
    ("very dissatisfied", 1, None), ("not satisfied", 1, None), ("dissatisfied", 1, None),
    ("unsatisfied", 1, None), ("very satisfied", 5, None), ("satisfied", 5, None),
    ("非常不满意", 1, None), ("很不满意", 1, None), ("不满意", 1, None), ("非常满意", 5, None),
    ("基本满意", 3, None), ("满意", 5, None),
    ("not solved", None, False), ("unsolved", None, False), ("未解决", None, False), ("没解决", None, False),
    ("没有解决", None, False), ("solved", None, True), ("已解决", None, True), ("解决了", None, True),
)  # fmt: skip


_QUOTE_HEADER = re.compile(r"^(on .+ wrote:|-+ ?original message ?-+|发件人[:：]|在.+写道[:：])", re.I)


@dataclass(frozen=True)
class Answer:
    """A recognised survey answer: a score and/or whether the matter was solved, and any words after it."""

    score: int | None
    solved: bool | None
    comment: str


def parse(text: str) -> Answer | None:
    """Read a digit 1–5 or a satisfaction word at the start of a reply; None when there is none."""
    cleaned = unicodedata.normalize("NFKC", _own_words(text)).strip().lower()
    # "5", "5分", "2 还是没修" are answers; "3楼的灯坏了" is a new message that happens to start with a digit.
    if match := re.match(r"^([1-5])(?![.,]\d)\s*分?(?:$|[\s,，。.!！:：、-]+(.*)$)", cleaned, re.S):
        return Answer(int(match.group(1)), None, (match.group(2) or "").strip())
    for word, score, solved in _WORDS:
        if cleaned.startswith(word):
            return Answer(score, solved, cleaned[len(word) :].strip(" ,，。.!！:：-\n"))
    return None


def _own_words(text: str) -> str:
    # An email reply quotes our question below the answer; only the lines above the quote count.
    lines = []
    for line in text.splitlines():
        if line.startswith(">") or _QUOTE_HEADER.match(line.strip()):
            break
        lines.append(line)
    return "\n".join(lines)


def is_reopen_request(text: str) -> bool:
    """Tell whether a message asks to reopen the citizen's case."""
    return unicodedata.normalize("NFKC", text).strip().strip("!！。.").lower() in REOPEN_WORDS
