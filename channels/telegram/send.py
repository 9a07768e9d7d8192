"""Send a text to a Telegram user through the Bot API (in a private chat the chat id is the user's id)."""

from __future__ import annotations

from channels.base import ChannelError, OutboundMessage
from channels.telegram import api
from core.config import Settings
from core.urns import InvalidURN, split


def send(settings: Settings, message: OutboundMessage) -> str:
    """Send one message (with its keyboard, if any) and return Telegram's `<chat id>:<message id>`."""
    try:
        scheme, user_id = split(message.urn)
    except InvalidURN as exc:
        raise ChannelError(str(exc), permanent=True) from exc
    if scheme != "telegram":
        raise ChannelError(f"Telegram cannot reach {message.urn}", permanent=True)
    return api.send_text(settings, int(user_id), message.text, message.options)
