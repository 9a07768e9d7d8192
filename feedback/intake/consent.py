"""STOP / 退订 and START / 订阅: the citizen's choice about messages they did not ask for.

The choice is the citizen's, whichever address they said it from: no surveys
and no outreach while it stands. Answers to their own cases are not covered by
it (they asked for those). It is confirmed in one message and opens no case.
Only a message that is the word alone counts ("stop" inside a sentence about a
bus stop is a matter).
"""

from __future__ import annotations

import re

from feedback.intake.context import InboundContext
from feedback.outreach import consent
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
    contact = ctx.contact
    source = "button" if contact.external_id and contact.external_id.startswith("callback:") else "message"
    if word in OPT_OUT_WORDS:
        consent.opt_out(ctx.session, citizen, contact.channel, contact.urn, source)
        key = "opted_out"
    elif word in OPT_IN_WORDS:
        consent.opt_in(ctx.session, citizen, contact.channel, contact.urn, source)
        key = "opted_in"
    else:
        return False
    ctx.reply(TEXTS.say(key, ctx.language, hotline=ctx.settings.hotline_name), "consent")
    return True


def apply_channel_choice(ctx: InboundContext, choice: str) -> None:
    """Apply a choice the channel read from a command or a button (/stop, /start) and confirm it.

    A start from someone who never opted out is only a hello: nothing to confirm.
    """
    contact, citizen = ctx.contact, ctx.citizen
    source = "button" if contact.external_id and contact.external_id.startswith("callback:") else "command"
    if choice == "out":
        consent.opt_out(ctx.session, citizen, contact.channel, contact.urn, source)
    elif not consent.opt_in(ctx.session, citizen, contact.channel, contact.urn, source):
        return
    key = "opted_out" if choice == "out" else "opted_in"
    ctx.reply(TEXTS.say(key, ctx.language, hotline=ctx.settings.hotline_name), "consent")
