"""STOP / 退订 and START / 订阅: the citizen's choice about messages they did not ask for.

The choice is the citizen's, whichever address they said it from: no surveys
and no outreach while it stands. Answers to their own cases are not covered by
it (they asked for those). It is confirmed in one message and opens no case.
Only a message that is the word alone counts ("stop" inside a sentence about a
bus stop is a matter).
"""

from __future__ import annotations

import re

from core.clock import utcnow
from feedback.intake.context import InboundContext
from feedback.texts import TEXTS
from router.priority import normalise

# The carriers' and Twilio's standard words, and what Chinese subscribers send.
OPT_OUT_WORDS = {
    "退订", "td", "t", "退订短信", "取消订阅", "取消", "不要再发", "不要再发了", "别再发了", "别发了",
    "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "opt out", "optout", "revoke",
}  # fmt: skip
OPT_IN_WORDS = {"订阅", "恢复订阅", "重新订阅", "start", "unstop", "subscribe"}
_EDGES = re.compile(r"^[\s\W_]+|[\s\W_]+$")


def record_choice(ctx: InboundContext) -> bool:
    """Record an opt-out or opt-in sent on its own, and confirm it; leave every other message alone."""
    word = _EDGES.sub("", normalise(ctx.contact.text))
    citizen = ctx.citizen
    if word in OPT_OUT_WORDS:
        if citizen.opted_out_at is None:
            citizen.opted_out_at, citizen.opted_out_via = utcnow(), ctx.contact.urn
        key = "opted_out"
    elif word in OPT_IN_WORDS:
        citizen.opted_out_at = citizen.opted_out_via = None
        key = "opted_in"
    else:
        return False
    ctx.session.add(citizen)
    ctx.reply(TEXTS.say(key, ctx.language, hotline=ctx.settings.hotline_name), "consent")
    return True
