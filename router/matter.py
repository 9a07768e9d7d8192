"""Tell whether a message names a matter at all, or only says that the citizen has one.

"我想咨询一下", "你好，我要投诉", "hello, I have a question": a model asked
where these go still answers with a department, often confidently, because
every department's training messages open this way. Such a message goes to
triage, and the citizen is asked what and where. What is left once greetings,
the words for asking, complaining and reporting, and function words are taken
out decides: without two Chinese characters or one English word, no matter.
"""

from __future__ import annotations

import re

from router.priority import normalise

_FILLER_ZH = (
    "你好", "您好", "哈喽", "在吗", "在不在", "有人吗", "请问", "问一下", "问问", "咨询", "询问", "了解一下", "了解",
    "一下", "我想", "我要", "想要", "想问", "我有", "有个", "有一个", "有件", "一件", "一个", "问题", "事情", "事儿",
    "情况", "反映", "反应", "投诉", "举报", "建议", "求助", "帮忙", "帮我", "帮帮", "麻烦", "谢谢", "感谢", "打扰",
    "领导", "工作人员", "客服", "热线", "政府", "能不能", "可不可以", "可以", "怎么办", "怎么", "如何", "处理",
    "解决", "一点", "这个", "那个", "关于", "需要", "希望", "请", "急", "急急", "紧急",
)  # fmt: skip
_FUNCTION_ZH = "的了吗呢啊吧哦嗯呀么我你您他她们想要有个下点事是在和跟给对就还也都很太"
_FILLER_EN = {
    "hello", "hi", "hey", "dear", "sir", "madam", "good", "morning", "afternoon", "evening", "i", "i'm", "im", "we",
    "my", "me", "you", "your", "a", "an", "the", "to", "of", "for", "about", "on", "in", "is", "it", "this", "that",
    "have", "has", "got", "want", "wanted", "would", "like", "need", "can", "could", "please", "pls", "thanks",
    "thank", "ask", "asking", "question", "questions", "query", "enquiry", "inquiry", "complaint", "complain",
    "report", "reporting", "suggestion", "help", "issue", "problem", "something", "some", "make", "there", "do",
    "how", "what", "who", "someone", "anyone", "anybody", "somebody", "here", "out", "there's", "talk", "speak",
    "with", "and", "or", "be", "am", "are", "hotline",
    "urgent", "again", "just", "one", "more", "information", "info", "regarding",
}  # fmt: skip
_FILLER = re.compile("|".join(sorted(map(re.escape, _FILLER_ZH), key=len, reverse=True)))
_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z][a-z']*")


def has_matter(text: str) -> bool:
    """Tell whether the text says what the matter is, beyond wanting to raise one."""
    folded = normalise(text)
    rest = _FILLER.sub(" ", folded)
    han = [c for c in _HAN.findall(rest) if c not in _FUNCTION_ZH]
    words = [w for w in _WORD.findall(rest) if w not in _FILLER_EN and len(w) > 1]
    return len(han) >= 2 or bool(words)
