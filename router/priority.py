"""Spot matters that cannot wait — danger to life, gas, fire, flooding, no water or power, a person at risk.

Rules, not the model: an urgent message must never depend on how many like it
were in the training data. Each rule is a pattern plus the look-alikes that
must not trigger it ("上火", "gas prices", "fire the manager", "水费太贵").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

URGENT = "urgent"  # danger to life or safety now
HIGH = "high"  # an essential service is out
NORMAL = "normal"
ORDER = {URGENT: 0, HIGH: 1, NORMAL: 2}


@dataclass(frozen=True)
class Rule:
    """A kind of emergency, how it is written in Chinese and English, and what only looks like it."""

    name: str
    level: str
    pattern: re.Pattern[str]
    not_when: re.Pattern[str] | None = None


def _any(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


# Complaints about a hazard ("一旦发生火灾", "存在火灾隐患", "随时可能倒塌") are common on a 12345 line
# and are not an emergency now: on the shared data set they made most of the "urgent" cases.
_WHAT_IF = r"(?:一旦|万一|如果|若|假如|否则|以免|防止|避免|预防|容易|可能|存在|面临)[^，。！？；,.!?;]{0,6}"
_DANGER_WORDS = r"火灾|起火|着火|失火|爆炸|倒塌|坍塌|垮塌|塌方|被困|晕倒|昏迷|触电|漏电|被淹|内涝|洪水"
HYPOTHETICAL = rf"{_WHAT_IF}(?:{_DANGER_WORDS})|(?:{_DANGER_WORDS})(?:的|等)?(?:隐患|风险|危险性|事故隐患)|消防"


RULES: tuple[Rule, ...] = (
    Rule(
        "gas leak",
        URGENT,
        _any(
            r"(?:燃气|煤气|天然气|液化气)(?:管道?)?(?:泄漏|泄露|漏气|外泄)",
            r"漏气",
            r"(?:闻到|有|一股)(?:很?浓的?)?(?:煤气|燃气|天然气)味",
            r"\bgas (?:leak|leaking|smell)",
            r"\bsmell(?:s|ing)? (?:of )?gas\b",
            r"\bleaking gas\b",
        ),
        _any(r"(?:轮胎|车胎|胎|暖气片?|空调|气球|门窗|窗户?)漏气"),
    ),
    Rule(
        "fire or explosion",
        URGENT,
        _any(
            r"着火|起火|失火|火灾|大火|火势|烧起来|冒浓烟|浓烟|爆炸",
            r"\b(?:on fire|caught fire|catching fire|house fire|building fire|fire in|fire at)\b",
            r"\bthere(?:'s| is) a fire\b|\bfire!",
            r"\bexplo(?:sion|ded)\b",
            r"\b(?:thick |black )?smoke (?:is )?(?:coming|pouring)\b",
            r"\bburning\b.*\b(?:house|building|flat|apartment|shop)\b",
        ),
        _any(
            HYPOTHETICAL,
            r"(?:烟囱|烟窗|烟筒|工厂|厂)[^，。]{0,6}浓烟",
            r"\bfire (?:the|him|her|them|that|this)\b",
            r"\bceasefire\b",
            r"\bfire (?:drill|alarm test|safety|risk|hazard)s?\b",
        ),
    ),
    Rule(
        "building or slope collapse",
        URGENT,
        _any(
            r"倒塌|坍塌|塌方|垮塌|山体滑坡|泥石流|房子?.{0,4}裂缝.{0,6}(?:危险|要塌)",
            r"\b(?:collaps(?:e|ed|ing)|landslide|mudslide)\b",
        ),
        _any(
            HYPOTHETICAL,
            r"\b(?:company|business|firm|employer|market|deal|talks|prices?|economy|scheme)\b"
            r"(?:(?!wall|roof|building|scaffold|bridge|ceiling|house|tree)[^.!?]){0,30}\bcollaps\w*",
        ),
    ),
    Rule(
        "flooding",
        URGENT,
        _any(
            r"洪水|内涝|被淹|淹了|水淹|进水.{0,4}(?:半米|齐腰|很深)|漫进|决堤|溃坝",
            r"\bflood(?:ed|ing|s)?\b",
            r"\bwater (?:is )?(?:pouring|rising)\b",
        ),
        _any(
            HYPOTHETICAL,
            r"\bflood(?:ed|ing)? (?:\w+ )?(?:with|of) (?:calls|emails|messages|complaints|ads|letters|requests)\b",
            r"\bflood(?:ing)? (?:me|us|him|her|them)\b",
        ),
    ),
    Rule(
        "electric danger",
        URGENT,
        _any(r"触电|漏电|电线.{0,6}(?:掉|断|落|垂)", r"\belectrocut\w*|\b(?:live|fallen|downed) (?:wire|cable)s?\b"),
        _any(HYPOTHETICAL),
    ),
    Rule(
        "a person at risk",
        URGENT,
        _any(
            r"救命|生命危险|有生命|被困|困在|晕倒|昏迷|不省人事|呼吸困难|奄奄一息|自杀|轻生|走失|失踪",
            r"(?:老人|孩子|小孩|儿童|孕妇|残疾人).{0,8}(?:独自在家|被锁|锁在|没人管|摔倒|有危险|发高烧)",
            r"\bhelp(?: me| us)?\s*!",  # "can you help me renew my permit" is not a cry for help
            r"\b(?:life[- ]threatening|danger to life|unconscious|not breathing|can'?t breathe)\b",
            r"\b(?:trapped|stuck) (?:in|inside|under)\b",
            r"\b(?:suicid\w*|missing (?:child|person|boy|girl)|child (?:is )?missing)\b",
            r"\b(?:elderly|old (?:man|woman|lady|person|people)|disabled|pregnant)\b.{0,40}"
            r"\b(?:fallen|fell|collapsed|stuck|no heating|can'?t get up|cannot get up)\b",
            r"\b(?:child|baby|kid)\b.{0,20}\b(?:locked|alone|in danger)\b",
        ),
        # A lost pet is not a missing person; "救命钱" is money, "脱离生命危险" is a danger that has passed.
        _any(
            HYPOTHETICAL,
            r"(?:狗|猫|宠物|鸟|鸽|牛|羊|猪)[^，。！？]{0,6}(?:走失|失踪)",
            r"救命钱|脱离(?:了)?生命危险",
        ),
    ),
    Rule(
        "no water",
        HIGH,
        _any(
            r"停水|断水|没水|没有水|没有自来水|无水可用|水管爆裂|爆管",
            r"\bno (?:running |tap )?water\b|\bwater (?:is |has been )?(?:cut off|off)\b",
            r"\bburst (?:water )?(?:pipe|main)\b",
        ),
        _any(r"水费", r"\bwater (?:bill|rate|price|meter)s?\b"),
    ),
    Rule(
        "no power",
        HIGH,
        _any(
            r"停电|断电|没电|没有电|供电中断|一片漆黑",
            r"\bno (?:electricity|power)\b|\bpower (?:cut|outage|failure|is out|is off)\b|\bblackout\b",
        ),
        _any(
            r"电费",
            r"(?:手机|电动车|电瓶车|电池|电瓶|车)[^，。]{0,2}没电",
            r"\b(?:phone|battery|mobile|car)\b[^.!?]{0,20}\bno power\b",
            r"\bno power to\b",
            r"\belectricity (?:bill|price|rate)s?\b",
        ),
    ),
)


@dataclass(frozen=True)
class Assessment:
    """How urgent a message is and which rules said so."""

    level: str
    reasons: tuple[str, ...]


def assess(text: str) -> Assessment:
    """Return the highest priority any rule gives the text (normal when none does)."""
    hits = [rule for rule in RULES if _fires(rule, text)]
    if not hits:
        return Assessment(NORMAL, ())
    level = min((rule.level for rule in hits), key=ORDER.__getitem__)
    return Assessment(level, tuple(rule.name for rule in hits))


def _fires(rule: Rule, text: str) -> bool:
    """Tell whether the rule matches somewhere its look-alikes do not explain."""
    masked = rule.not_when.sub(" ", text) if rule.not_when else text
    return bool(rule.pattern.search(masked))
