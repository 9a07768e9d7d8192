"""Guess the language a citizen wrote in (Chinese or English), cheaply, for replies."""

from __future__ import annotations


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def detect(text: str, default: str) -> str:
    """Return 'zh' when the text has Chinese characters, 'en' when it has only Latin letters, else the default."""
    if any(_is_cjk(c) for c in text):
        return "zh"
    if any(c.isascii() and c.isalpha() for c in text):
        return "en"
    return default
