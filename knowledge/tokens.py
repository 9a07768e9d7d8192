"""Turn Chinese and English text into search tokens: jieba words for Chinese, stemmed lower-case words for English."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

# Runs of Chinese characters, and runs of Latin letters or digits; everything else separates tokens.
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+")
_SPLIT = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff]+)")

# Words that carry no meaning for matching (question words, particles, pronouns).
_ZH_STOP = """
的 了 吗 呢 吧 啊 呀 么 我 你 您 他 她 我们 请问 请 问 一下 是 在 有 和 与 或 要 想 能 能否 可以 可不可以
怎么 怎样 怎么样 如何 什么 哪些 哪里 哪儿 多少 几 个 这 那 这个 那个 就 都 也 还 又 该 应该 需要
得 地 着 过 给 让 把 被 从 到 对 为 为了 关于 时候 现在 已经 一个 没有 不 没
"""
_EN_STOP = """
a an the i me my we our you your he she it its they them their is am are was were be been being do does did
doing have has had having can could should would will shall may might must to of in on at by for with about
from into as and or but if so than then there here this that these those what which who whom whose when where
why how please hi hello dear sir madam any some get got need want know tell let just also not no yes
"""
ZH_STOPWORDS = frozenset(_ZH_STOP.split())
EN_STOPWORDS = frozenset(_EN_STOP.split())


@lru_cache(maxsize=1)
def _segmenter() -> jieba.Tokenizer:
    # Our own tokenizer instance, so words we add for the knowledge base never change how other
    # parts of the process segment text.
    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


def add_words(words: list[str]) -> None:
    """Teach the Chinese segmenter domain words (article keywords) so queries split the same way."""
    segmenter = _segmenter()
    for word in words:
        if _CJK_RUN.fullmatch(word) and len(word) >= 2 and word not in segmenter.FREQ:
            segmenter.add_word(word)


def stem(word: str) -> str:
    """Cut common English endings, so 'renewing', 'renewal' and 'renew' meet."""
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("al", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def tokens(text: str) -> list[str]:
    """Return the search tokens of a text in either language (duplicates kept: they count)."""
    result: list[str] = []
    for part in _SPLIT.split(text.lower()):
        if not part:
            continue
        if _CJK_RUN.fullmatch(part):
            result.extend(w for w in _segmenter().cut_for_search(part) if w not in ZH_STOPWORDS)
        else:
            result.extend(stem(w) for w in _WORD.findall(part) if w not in EN_STOPWORDS)
    return result


# The case search index (feedback.cases.search_index) uses jieba's shared default dictionary, which no
# knowledge-base word changes, so a case indexed today and a query typed next month cut the same way.
def _default_segmenter() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def index_words(text: str) -> set[str]:
    """Return every word and sub-word of a text for an index: jieba's search cut for Chinese, words and digits else.

    Chinese also gives its single characters and character pairs: jieba cuts 路灯不亮 as 路 / 灯不亮, and a
    search for 路灯 must still find it (`query_words` falls back on the pairs).
    """
    found: set[str] = set()
    for part in _SPLIT.split(text.lower()):
        if _CJK_RUN.fullmatch(part):
            found.update(w for w in _default_segmenter().cut_for_search(part, HMM=False) if w not in ZH_STOPWORDS)
            found.update(part)
            found.update(part[i : i + 2] for i in range(len(part) - 1))
        elif part:
            found.update(stem(w) for w in _WORD.findall(part) if w not in EN_STOPWORDS)
    return found


def query_words(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return the words of a query, each with the character pairs it is made of (a text holding them all may
    have been cut another way around the word)."""
    result: list[tuple[str, tuple[str, ...]]] = []
    for part in _SPLIT.split(text.lower()):
        if _CJK_RUN.fullmatch(part):
            segmenter = _default_segmenter()
            for word in segmenter.cut(part, HMM=False):
                if word in ZH_STOPWORDS and len(part) > len(word):
                    continue
                pairs = tuple(dict.fromkeys(word[i : i + 2] for i in range(len(word) - 1)))
                result.append((word, pairs if len(word) > 2 else ()))
        elif part:
            result.extend((stem(w), ()) for w in _WORD.findall(part) if w not in EN_STOPWORDS)
    return result
