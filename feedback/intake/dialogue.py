"""Questions about cases, asked on any channel instead of raising a matter: "查询", "查询 187870679", "STATUS".

A question that quotes a reference is answered about that case only for the
citizen whose case it is; anyone else is told, politely, that no case of theirs
has that reference, so a reference guessed or overheard tells a stranger
nothing, not even that it exists. No case is opened either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import select

from core.db import id_of
from feedback.cases.models import Case
from feedback.cases.reference import is_valid
from feedback.cases.status_report import case_status_reply, status_reply
from feedback.intake.context import InboundContext
from feedback.texts import TEXTS
from router.priority import normalise

_ASKING = (
    "查询一下", "查询", "查一下", "查查", "办理进度", "处理进度", "进度", "状态", "进展", "结果", "怎么样了", "怎么样",
    "到哪了", "到哪一步", "有没有", "办好了吗", "办得", "处理得", "处理了吗", "办了吗", "办理", "处理", "情况",
    "工单号", "工单", "编号", "单号", "我的", "我", "的", "了", "吗", "呢", "请", "麻烦", "帮我", "你好", "您好",
    "谢谢", "一下",
)  # fmt: skip
_ASKING_EN = {
    "status", "progress", "check", "update", "updates", "on", "of", "my", "the", "case", "reference", "ref", "no",
    "number", "what", "what's", "whats", "is", "please", "pls", "hi", "hello", "any", "news", "about", "for",
    "how", "it", "going", "query",
}  # fmt: skip
_ASKING_PATTERN = re.compile("|".join(sorted(map(re.escape, _ASKING), key=len, reverse=True)))
# Words that make a message a question about cases (the rest of _ASKING only may surround them).
_QUESTION = re.compile(
    r"查询|查一下|查查|进度|状态|进展|怎么样|到哪|办好了吗|处理了吗|办了吗|\b(?:status|progress|check|update|news)\b"
)
_REFERENCE = re.compile(r"(?<!\d)\d[\d -]{7,11}\d(?!\d)")
_LEFT = re.compile(r"[\u3400-\u9fff]|[a-z][a-z']*")


@dataclass(frozen=True)
class StatusRequest:
    """A question about cases: about one case when it quotes a reference (`valid` says whether it reads right)."""

    reference: str | None = None
    valid: bool = True


def answer_status_request(ctx: InboundContext) -> bool:
    """Answer "查询" / "STATUS" / "查询 <reference>" instead of opening a case or joining one."""
    request = status_request(ctx.contact.text)
    if request is None:
        return False
    if request.reference is None:
        return reply_status(ctx)
    say = {"hotline": ctx.settings.hotline_name, "reference": request.reference}
    if not request.valid:
        ctx.reply(TEXTS.say("reference_mistyped", ctx.language, **say), "status")
        return True
    case = ctx.session.exec(select(Case).where(Case.reference == request.reference)).first()
    if case is None or case.citizen_id != id_of(ctx.citizen):
        ctx.reply(TEXTS.say("reference_not_yours", ctx.language, **say), "status")
        return True
    ctx.contact.case_id = case.id  # on the case's record, without reopening it or ending a wait
    ctx.reply(case_status_reply(ctx.session, case, ctx.language, ctx.settings.hotline_name), "status", case)
    return True


def reply_status(ctx: InboundContext) -> bool:
    """Send the citizen the status of their recent cases (a bot's /status command comes here too)."""
    ctx.reply(status_reply(ctx.session, id_of(ctx.citizen), ctx.language, ctx.settings.hotline_name), "status")
    return True


def status_request(text: str) -> StatusRequest | None:
    """Read a message as a question about cases, or return None when it says anything more."""
    folded = normalise(text)
    found = _REFERENCE.findall(folded)
    if len(found) > 1:
        return None
    rest = _ASKING_PATTERN.sub(" ", _REFERENCE.sub(" ", folded))
    left = [w for w in _LEFT.findall(rest) if w not in _ASKING_EN]
    if left:
        return None
    asked = bool(_QUESTION.search(folded))
    if not found:
        return StatusRequest() if asked else None
    reference = "".join(c for c in found[0] if c.isdigit())
    if len(reference) != 9 and not asked:
        return None  # a phone number, say, sent on its own: not a question about a case
    return StatusRequest(reference, len(reference) == 9 and is_valid(reference))


def is_status_request(text: str) -> bool:
    """Tell whether a message only asks how the citizen's cases stand (with or without a reference)."""
    return status_request(text) is not None
