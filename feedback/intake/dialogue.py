"""Short commands a citizen can send on any channel instead of opening a case (for now: case status)."""

from __future__ import annotations

from core.db import id_of
from feedback.cases.status_report import status_reply
from feedback.intake.context import InboundContext

STATUS_WORDS = {"查询", "进度", "status", "状态"}


def answer_status_request(ctx: InboundContext) -> bool:
    """Answer "查询" / "STATUS" with the citizen's recent cases instead of opening a case."""
    if not is_status_request(ctx.contact.text):
        return False
    return reply_status(ctx)


def reply_status(ctx: InboundContext) -> bool:
    """Send the citizen the status of their recent cases (a bot's /status command comes here too)."""
    ctx.reply(status_reply(ctx.session, id_of(ctx.citizen), ctx.language, ctx.settings.hotline_name), "status")
    return True


def is_status_request(text: str) -> bool:
    """Tell whether a message only asks for the status of the citizen's cases."""
    return text.strip().strip("?？!！。.").lower() in STATUS_WORDS
