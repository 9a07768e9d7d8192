"""Tell complaints and reports from questions, so a complaint is never "answered away" by the bot."""

from __future__ import annotations

import re

# Cues that a message reports a problem or complains rather than asks how something works. Erring
# towards "complaint" only costs a case an agent closes quickly; the other error loses a complaint.
_ZH = (
    r"投诉|举报|不满|反映.{0,30}(问题|情况)|坏了|损坏|故障|没人管|不作为|乱收费|拖欠|欠薪|扰民|噪音|污染|"
    r"漏水|停水|停电|态度(很|太|极)?差|太差|要求处理|督促|违法|违规|偷排|占道|堵塞|臭|脏乱"
)
_EN = (
    r"\bcomplain(t|ts|ed|ing)?\b|\breport(ing)?\b|\bbroken\b|\bnot working\b|\bdoes ?n[o']t work\b|"
    r"\bdid ?n[o']t work\b|\bnoise\b|\bnoisy\b|\bpollut\w*|\bleak\w*|\boutage\b|\brude\b|\bunacceptable\b|"
    r"\bnever (fixed|came|answered)\b|\bnot (been )?(paid|collected|fixed|repaired)\b|\bdangerous\b|\billegal\b"
)
_CUES = re.compile(f"{_ZH}|{_EN}", re.IGNORECASE)


def looks_like_complaint(text: str) -> bool:
    """Return True when a message carries a complaint or report cue in Chinese or English."""
    return _CUES.search(text) is not None
