"""Thanks and acknowledgements ("谢谢", "好的", "OK 👍"): kept on the citizen's case, never a new matter.

Answering them would start an endless exchange of courtesies, reopening a
resolved case for a "thank you" would undo the agent's work, and opening a case
for one would fill the queue with nothing to do. The message is put on the
record of the citizen's latest case, and nothing is sent back.
"""

from __future__ import annotations

import re

from sqlmodel import col, select

from feedback.cases.models import Case
from feedback.intake.context import InboundContext
from router.priority import normalise

_COURTESY = re.compile(
    r"(?:谢谢(?:你|您|你们|了|啦)?|多谢|感谢(?:你|您|你们)?|辛苦(?:了|啦)?|好的?|好滴|好嘞|行|可以|收到(?:了)?|知道了|明白(?:了)?|"
    r"嗯+|哦+|ok(?:ay)?|k|thanks?(?: you)?(?: so much| very much)?|thx|ty|cheers|noted|got it|great|"
    r"alright|all right|fine|sure|understood|perfect|[👍🙏😊🙂👌❤️✅]+)"
)
_SEPARATORS = re.compile(r"[\s,，.。!！~～…、]+")


def keep_courtesy(ctx: InboundContext) -> bool:
    """Put a thanks or an OK on the citizen's latest case without a reply; leave every other message alone."""
    if not is_courtesy(ctx.contact.text):
        return False
    latest = ctx.session.exec(
        select(Case.id).where(Case.citizen_id == ctx.citizen.id).order_by(col(Case.opened_at).desc()).limit(1)
    ).first()
    ctx.contact.case_id = latest
    ctx.session.add(ctx.contact)
    return True


def is_courtesy(text: str) -> bool:
    """Tell whether a message is only thanks or an acknowledgement."""
    parts = [p for p in _SEPARATORS.split(normalise(text)) if p]
    return bool(parts) and all(_COURTESY.fullmatch(part) for part in parts)
