"""A citizen proves another address is theirs (a Telegram user sharing their own phone number): link it."""

from __future__ import annotations

import logging

from feedback.cases.citizens import note_merge
from feedback.intake.context import InboundContext
from router.identity import addresses
from router.identity.models import Citizen

log = logging.getLogger(__name__)


def link_proven_address(ctx: InboundContext) -> bool:
    """Link the address, merging the two records when it already had an owner, and confirm on the channel."""
    proven, channel = ctx.understood.address, ctx.channel
    if proven is None or channel is None:
        return False
    result = addresses.link_proven(ctx.session, ctx.contact.urn, proven, actor=ctx.contact.channel)
    if result.merge is not None:
        note_merge(ctx.session, result.merge)
    ctx.citizen = ctx.session.get(Citizen, result.citizen_id) or ctx.citizen
    log.info("%s %s proved %s: %s", ctx.contact.channel, ctx.contact.urn, proven, result.action)
    confirmation = channel.confirm_link(result.action, proven, ctx.citizen.language or ctx.language)
    reply = ctx.reply(confirmation.text, confirmation.purpose, options=confirmation.options)
    reply.payload = {**reply.payload, "link": result.action}
    return True
