"""An article as read from a form or an import file, checked before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from core.config import LANGUAGES

# Two concatenated SMS: 2 x 67 UCS-2 characters for Chinese, 2 x 153 GSM characters for Latin text.
SHORT_ANSWER_LIMITS = {"ucs2": 134, "gsm": 306}
TITLE_LIMIT = 200
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
_LIST_SPLIT = re.compile(r"\s*[|\n]\s*")
_KEYWORD_SPLIT = re.compile(r"\s*[,，、;；|\n]\s*")
TRUE_WORDS = {"yes", "y", "true", "1", "是", "on", "published", "发布"}
FALSE_WORDS = {"no", "n", "false", "0", "否", "off", "draft", "草稿"}


@dataclass
class Draft:
    """The fields of one article as text, before validation, with the line it started on."""

    line: int = 0
    title: str = ""
    questions: list[str] = field(default_factory=list)
    short_answer: str = ""
    body: str = ""
    language: str = ""
    department: str = ""
    keywords: list[str] = field(default_factory=list)
    published: str = "yes"
    reviewed: str = ""


@dataclass(frozen=True)
class Problem:
    """Why one article could not be kept, and where it was."""

    line: int
    message: str


def split_list(raw: str) -> list[str]:
    """Split question variants written as 'a | b' or one per line."""
    return [item for item in _LIST_SPLIT.split(raw.strip()) if item]


def split_keywords(raw: str) -> list[str]:
    """Split keywords separated by commas (either width), 、, semicolons or bars."""
    return [item for item in _KEYWORD_SPLIT.split(raw.strip()) if item]


def sms_limit(text: str) -> int:
    """Return how many characters fit in two SMS for this text (fewer once any Chinese character is in it)."""
    return SHORT_ANSWER_LIMITS["ucs2" if _CJK.search(text) else "gsm"]


def parse_published(raw: str) -> bool | None:
    """Read yes/no, true/false, 1/0, 是/否; None when it is none of them."""
    word = raw.strip().lower() or "yes"
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def problems(draft: Draft, departments: dict[str, int]) -> list[str]:
    """Return what is wrong with a draft (empty when it can be saved)."""
    found = []
    if not draft.title.strip():
        found.append("title is missing")
    elif len(draft.title) > TITLE_LIMIT:
        found.append(f"title is longer than {TITLE_LIMIT} characters")
    if draft.language not in LANGUAGES:
        found.append(f"language must be one of {', '.join(LANGUAGES)}, not {draft.language!r}")
    if not draft.short_answer.strip():
        found.append("short answer is missing")
    elif len(draft.short_answer) > (limit := sms_limit(draft.short_answer)):
        found.append(f"short answer has {len(draft.short_answer)} characters; at most {limit} fit in two SMS")
    if draft.department and draft.department not in departments:
        found.append(f"unknown department code {draft.department!r}")
    if parse_published(draft.published) is None:
        found.append(f"published must be yes or no, not {draft.published!r}")
    if draft.reviewed and _parse_date(draft.reviewed) is None:
        found.append(f"reviewed must be a date like 2026-01-31, not {draft.reviewed!r}")
    return found


def _parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def values(draft: Draft, departments: dict[str, int]) -> dict:
    """Return the Article fields of a draft that has no problems."""
    return {
        "title": draft.title.strip(),
        "questions": [q.strip() for q in draft.questions if q.strip()],
        "short_answer": draft.short_answer.strip(),
        "body": draft.body.strip(),
        "language": draft.language,
        "department_id": departments.get(draft.department) if draft.department else None,
        "keywords": [k.strip() for k in draft.keywords if k.strip()],
        "published": bool(parse_published(draft.published)),
        "reviewed_on": _parse_date(draft.reviewed) if draft.reviewed else None,
    }
