"""Spot matters that cannot wait: danger to life now (urgent), and an essential service out (high).

A message is read clause by clause against the kinds of danger in
`router.dangers`. A clause does not count when it only looks like an emergency:
a figure of speech ("气死了", "this queue is killing me", 股票跳水), a danger
that is hypothetical ("一旦发生火灾", "fire hazard"), denied ("不是着火"), past
("上次有人摔倒") or already over ("现在已经来电了"). Only the opening of a long
message is read: people in danger say so first, while a long letter about a
housing dispute mentions a past fight in passing.

Where the install has trained its routing model, a second opinion learned from
written emergencies and the site's own everyday messages may raise a message
the lexicon missed (`router.model.urgency`); it never lowers one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from router.dangers import DANGERS, HIGH, NORMAL, ORDER, URGENT, any_of

__all__ = ["HIGH", "NORMAL", "ORDER", "URGENT", "Assessment", "assess", "current_text", "normalise"]

# What a clause says that makes its danger not a danger now.
_FIGURATIVE = any_of(
    r"(?:气|笑|累|热|冷|饿|困|烦|吓|忙|丑|美|难吃|难受|无聊)(?:得)?(?:想)?死(?:了|我了|人了)?",
    r"要命|要了命|要死要活|死机|死循环|死胡同|救命钱|跳楼价|跳楼甩卖|慢性自杀|的心都有了|心都有了|被.{0,6}绑架",
    r"(?:股票|股市|股价|基金|房价|价格|物价|成绩|销量|收视率|人气)[^，。！？]{0,4}(?:跳水|崩|暴跌|塌)",
    r"\bdying to\b|\bkilling me\b|\bdied laughing\b|\b(?:bored|scared|worried) to death\b",
    r"\bdrowning in (?:work|debt|paperwork)\b",
    r"\b(?:stock|market|shares?|prices?)\b[^.!?]{0,20}\b(?:crash\w*|collaps\w*|plunge\w*)\b",
)
_HYPOTHETICAL = any_of(
    r"一旦|万一|如果|假如|要是|若是|否则|以免|防止|避免|预防|担心|怕是?|会不会|容易|可能会|建议|希望|以防",
    r"隐患|风险|安全检查|演练|演习|宣传|培训|讲座|课程|知识|常识|通知在哪|怎么处理|应该怎么办|如何处理",
    r"\bif (?:there|a|someone|anyone)\b|\bin case\b|\bcould\b|\bmight\b|\bwould\b|\bhazard\b|\brisk\b|\bdrill\b",
    r"\bworried\b|\bafraid\b|\bprevent\b",
)
_DENIED = any_of(
    r"(?:没有|没|并没有|并没|不是|并非|并不是|无)(?:人)?(?:受伤|着火|起火|危险|事|伤亡)",
    r"不是[^，。！？]{0,3}(?:着火|起火|火灾|失火|打架|打人|中毒|漏气)",
    r"\bnobody (?:was |is )?(?:hurt|injured)\b|\bno one (?:was |is )?(?:hurt|injured)\b|\bnot (?:a )?fire\b",
)
_OVER = any_of(
    r"(?:已经|已|现在|目前)[^，。！？]{0,4}(?:修好|解决|处理好|来电|来水|恢复|灭了|扑灭|救出|找到|送医|没事|好了|通了)",
    r"上次|上周|上个月|去年|前年|以前|之前|曾经|那次|当时|那天|前几天|几天前|脱离(?:了)?(?:生命)?危险",
    r"(?:19|20)\d\d年|\d{1,2}月\d{1,2}日|(?:每天|天天|常年|经常|长期|多年|总是|每晚|屡次|多次|反复|频繁|时常)",
    r"\b(?:back now|it'?s back|came back|was found|has been found|fixed now|is fixed|last (?:week|month|year)|"
    r"used to|years ago|out of danger)\b",
)
_RESOLVED = any_of(
    r"(?:已经|已|现在|目前)[^，。！？]{0,4}(?:修好|解决|处理好|来电|来水|恢复|灭了|扑灭|救出|找到|没事|好了|通了)",
    r"\b(?:back now|it'?s back|came back|was found|has been found|fixed now|is fixed)\b",
)
OPENING = 160  # characters of a message read for danger (a subject and the first sentences)
_CLAUSE = re.compile(r"[，。！？；,.!?;\n]+")


@dataclass(frozen=True)
class Assessment:
    """How urgent a message is, which kinds of danger said so, and who to call (police, fire, ambulance)."""

    level: str
    reasons: tuple[str, ...]
    services: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Fold full-width characters, case and runs of spaces, so that "ＦＩＲＥ！" and "fire!" read alike."""
    return re.sub(r"[ \t\u3000]+", " ", unicodedata.normalize("NFKC", text)).lower()


def assess(text: str) -> Assessment:
    """Return the highest level any kind of danger gives the text (normal when none does)."""
    current = current_text(text)
    found = [d for d in DANGERS if d.reported_in(current)] if current else []
    if not found:
        return Assessment(NORMAL, ())
    level = min((d.level for d in found), key=ORDER.__getitem__)
    top = [d for d in found if d.level == level]
    services = tuple(dict.fromkeys(d.service for d in top if d.service is not None))
    return Assessment(level, tuple(d.kind for d in found), services)


def current_text(text: str) -> str:
    """Return the clauses of a message's opening that speak of a danger now, joined.

    Figures of speech, what-ifs, denials and dangers already over drop out; a clause saying it is
    over takes the one before it along ("刚才停电，现在已经来电了").
    """
    clauses = _clauses(normalise(text)[:OPENING])
    keep = [True] * len(clauses)
    for index, clause in enumerate(clauses):
        if _OVER.search(clause):
            keep[index] = False
            if index and _RESOLVED.search(clause):
                keep[index - 1] = False
        elif _HYPOTHETICAL.search(clause) or _DENIED.search(clause):
            keep[index] = False
    return "，".join(_FIGURATIVE.sub(" ", c) for c, kept in zip(clauses, keep, strict=True) if kept)


def _clauses(text: str) -> list[str]:
    parts = [part.strip() for part in _CLAUSE.split(text) if part.strip()]
    return parts or [text]
