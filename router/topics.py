"""The everyday problems many citizens report at once: water, power, rubbish, lights, holes, noise, floods.

Paraphrases of one problem share few characters ("停水了" and "自来水什么时候能
恢复"), so the reports of an incident are matched by what they are about as
well as by their words. Each topic is a handful of phrasings in Chinese and
English; a report may touch several.
"""

from __future__ import annotations

import re
import unicodedata

_TOPICS: dict[str, str] = {
    "water_supply": r"停水|断水|没水|不来水|自来水|供水|水管|爆管|水压|水龙头|\bwater\b|\btaps?\b|\bpipes?\b|\bmain\b",
    "power_supply": r"停电|断电|没电|来电|供电|电压|跳闸|\bpower\b|\belectricity\b|\bblackout\b",
    "heating": r"暖气|供暖|供热|\bheating\b|\bradiators?\b",
    "gas_supply": r"燃气|煤气|天然气|\bgas\b",
    "rubbish": r"垃圾|清运|垃圾桶|\brubbish\b|\bbins?\b|\bgarbage\b|\btrash\b|\blitter\b",
    "street_lights": r"路灯|灯不亮|\bstreet ?lights?\b|\blights? (?:are |is )?(?:out|broken)\b|\bdark\b",
    "traffic_signals": r"红绿灯|信号灯|\btraffic lights?\b|\bsignals?\b",
    "road_surface": r"坑|塌陷|路面|破损|坑洼|\bpot ?holes?\b|\bsinkhole\b|\broad surface\b",
    "noise": r"噪音|噪声|吵|扰民|打桩|施工|\bnoise\b|\bnoisy\b|\bloud\b",
    "flooding": r"被淹|淹了|进水|积水|内涝|发大水|洪水|\bflood(?:ed|ing)?\b|\bwaterlogged\b",
    "stray_animals": r"流浪狗|野狗|狗咬|咬人|流浪猫|\bstray\b|\bdogs?\b",
    "sewage": r"污水|下水道|化粪池|堵塞|反水|\bsewage\b|\bsewer\b|\bdrains?\b",
    "smell_smoke": r"臭味|异味|刺鼻|冒烟|烧垃圾|黑烟|油烟|\bsmell\b|\bsmoke\b|\bfumes\b",
    "network": r"没信号|断网|宽带|网络|\bbroadband\b|\binternet\b|\bsignal\b",
    "buses": r"公交|班车|\bbus(?:es)?\b",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in _TOPICS.items()}


def topics(text: str) -> frozenset[str]:
    """Return the everyday problems a text is about (none for most consultations)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return frozenset(name for name, pattern in _COMPILED.items() if pattern.search(folded))
