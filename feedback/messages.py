"""What the hotline says to citizens, in Chinese and English; short enough for one SMS."""

from __future__ import annotations

_TEXTS = {
    "case_opened": {
        "zh": "【{hotline}】您的诉求已受理，工单号 {reference}，已转{department}办理。查询进度请回复“查询”。",
        "en": (
            "[{hotline}] We have received your request. Case {reference} has gone to {department}. "
            "Reply STATUS to check on it."
        ),
    },
    "case_joined": {
        "zh": "【{hotline}】您补充的信息已加入工单 {reference}。",
        "en": "[{hotline}] Your message has been added to case {reference}.",
    },
    "callback_requested": {
        "zh": "【{hotline}】已登记您的回电请求（工单号 {reference}），工作人员将尽快给您回电。",
        "en": "[{hotline}] We have noted that you want a call back (case {reference}). An agent will call you soon.",
    },
}


def render(key: str, language: str, **values: str) -> str:
    """Return a message in the citizen's language (English when the language is unknown)."""
    texts = _TEXTS[key]
    return texts.get(language, texts["en"]).format(**values)
