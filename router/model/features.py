"""Turn a citizen's message into the words the routing model reads: jieba for Chinese, plain words for English.

Training data may arrive already segmented with stop words removed (the shared
data set does) or raw (the site's own cases); both pass through the same
function here so the model sees the same kind of words at training and at
prediction time.
"""

from __future__ import annotations

import re
import threading

# Function words that carry no hint of a department; the shared training data had these removed.
_CHINESE_STOP_WORDS = """
    的 了 是 在 我 我们 和 有 不 也 都 没有 为 就 到 对 要 与 还 给 这 被 等 但 上 并 又 去 能 可以 将 让 而 该 来
    不能 他们 吗 有关 多 向 作为 什么 会 就是 个 这样 一 其 把 从 本人 自己 按 不是 由 以 通过 您 及 这个 这些 可 关于
    过 于 或者 或 其他 因 他 为了 因为 但是 没 任何 才 所 而且 为什么 她 之 此 如果 根据 内 着 只有 很 你 地 由于 更
    时候 还是 呢 怎么 们 这么 还有 第 且 可能 按照 同时 均 必须 如何 所以 谁 经过 至 你们 并且 那么 用 本 为何 如此
    以及 啊 吧 经 各种 连 才能 那 只是 非常 不得 当 因此 跟 不会 难道 大家 一样 只要 如 得 像 对于 甚至 哪里 其中 这里
    可是 然后 有些 自 后来 仍 那些 它 竟然 据 比 的话 何时 另 等等 不管 虽然 即 各 不了 之一 某 然而 否则 哪些 不仅
    随着 既然 到底 仅 每 不但 其实 怎样 便 那里 既 而是 一切 如今 首先 除 另外 反而 于是 若 哪 呀 不再 各位"""
CHINESE_STOP_WORDS = frozenset(_CHINESE_STOP_WORDS.split())
_ENGLISH_STOP_WORDS = """
    a an the and or but if of to in on at by for with from as is are was were be been being it its this that these
    those i me my we our you your he she they them their his her there here have has had do does did not no so than
    then too very can could would should will just about into over please hi hello dear thanks thank"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split())
STOP_WORDS = CHINESE_STOP_WORDS | ENGLISH_STOP_WORDS
# Excel's escaped carriage return, left in exported messages.
_EXCEL_CR = re.compile(r"_x000d_", re.IGNORECASE)
_NOT_A_WORD = re.compile(r"[\W_]+|\d+")
# The shared data anonymises places as a letter and a number ("A3区", "C4市"); the codes say
# nothing about the department but differ between training and new messages, so they are dropped
# (single Latin letters carry no topic in English either).
_PLACE_CODE = re.compile(r"[a-z]\d*")
_lock = threading.Lock()
_jieba = None


def _tokenizer():
    """Load jieba once per process (its dictionary takes about a second to load)."""
    global _jieba
    with _lock:
        if _jieba is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba = jieba
    return _jieba


def words(text: str) -> list[str]:
    """Return the meaningful words of a message, lower-cased, without punctuation, numbers, place codes, stop words."""
    jieba = _tokenizer()
    found = []
    # Without HMM new-word guessing: faster, and steadier between pre-segmented and raw text.
    for piece in jieba.lcut(_EXCEL_CR.sub(" ", text), HMM=False):
        word = piece.strip().lower()
        if word and not _NOT_A_WORD.fullmatch(word) and not _PLACE_CODE.fullmatch(word) and word not in STOP_WORDS:
            found.append(word)
    return found


def document(text: str, subject: str = "") -> str:
    """Return the space-joined words the model reads; a subject counts twice, as it names the matter."""
    subject_words = words(subject) if subject.strip() else []
    return " ".join(subject_words + subject_words + words(text))
