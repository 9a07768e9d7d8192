"""The first inbound step: ask the contact's channel what the contact means, and act on what only it can tell.

The channel does its own work first (fetching files) and may answer at once (a
greeting, a refusal). A status request, a call-back request, a proven address,
an edit or a transcription is dealt with here; a plain message goes on to the
steps every channel shares.
"""

from __future__ import annotations

from collections.abc import Callable

from channels import base
from channels.models import RECEIVED
from feedback.intake import addresses, callbacks, consent, dialogue, notice_replies, revisions
from feedback.intake.context import InboundContext
from router.identity import names


def understand(ctx: InboundContext) -> bool:
    """Let the channel read the contact; handle it when the channel's reading settles it."""
    channel = ctx.channel
    if channel is None:  # recorded by staff or filed by a portal: words only
        return False
    ctx.understood = understood = channel.understand(ctx.session, ctx.contact, ctx.citizen.language or ctx.language)
    ctx.adopt_language(understood.language)
    names.offer(ctx.session, ctx.citizen, understood.name, channel.kind)
    for text in understood.replies:
        ctx.reply(text.text, text.purpose, options=text.options)
    if understood.consent is not None:
        consent.apply_channel_choice(ctx, understood.consent)
    act = _ACTIONS.get(understood.intent)
    return act(ctx) if act is not None else False


def _settled(_ctx: InboundContext) -> bool:
    return True  # the channel did all there was to do (and said what there was to say)


def _look_again(ctx: InboundContext) -> bool:
    # The channel cannot judge the contact yet (a call's last webhooks may still come): back in the queue.
    contact = ctx.contact
    contact.status, contact.processed_at, contact.next_attempt_at = RECEIVED, None, ctx.understood.retry_at
    return True


_ACTIONS: dict[str, Callable[[InboundContext], bool]] = {
    base.STATUS: dialogue.reply_status,
    base.GREETING: _settled,
    base.CALLBACK: callbacks.request_callback,
    base.LINK_ADDRESS: addresses.link_proven_address,
    base.EDIT: revisions.apply_edit,
    base.TRANSCRIPT: revisions.apply_transcript,
    base.DONE: _settled,
    base.LATER: _look_again,
    base.POLL_ANSWER: notice_replies.take_keyed_answer,
}
