"""Telegram bot through aiogram 3: the update webhook, and sending with aiogram's `Bot`.

Updates are parsed by `channels.telegram_updates` (shared with the poller in
`channels.telegram_cli`); in the worker, `channels.telegram_media` fetches
files and `channels.telegram_steps` answers commands, shared phone numbers and
edits. Sending and downloads go through `channels.telegram_bot`.
"""

from __future__ import annotations

import hmac
import json

from flask import Request

from channels import telegram_bot, telegram_updates
from channels.base import Channel, ChannelError, OutboundMessage, Outcome, Webhook, WebhookError
from core.urns import InvalidURN, split

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramChannel(Channel):
    """A Telegram bot created with BotFather."""

    kind = telegram_updates.KIND

    @property
    def enabled(self) -> bool:
        return bool(self.settings.telegram_bot_token)

    def webhooks(self) -> dict[str, Webhook]:
        return {"": self.receive}

    def receive(self, request: Request) -> Outcome:
        """Check the secret token, then read the update Telegram posted."""
        self.verify(request)
        if request.mimetype != "application/json":
            raise WebhookError(400, "Telegram posts application/json")
        try:
            raw = json.loads(request.get_data(as_text=True))
        except ValueError as exc:
            raise WebhookError(400, f"the body is not JSON: {exc}") from None
        return telegram_updates.parse(raw, self.settings)

    def verify(self, request: Request) -> None:
        """Refuse a request without the secret set with setWebhook (when one is configured)."""
        secret = self.settings.telegram_webhook_secret
        if not secret:
            return
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            raise WebhookError(403, f"{SECRET_HEADER} is missing or wrong")

    def send(self, message: OutboundMessage) -> str:
        if not self.enabled:
            raise ChannelError("Telegram is not configured (TELEGRAM_BOT_TOKEN)", permanent=True)
        try:
            scheme, user_id = split(message.urn)
        except InvalidURN as exc:
            raise ChannelError(str(exc), permanent=True) from exc
        if scheme != "telegram":
            raise ChannelError(f"Telegram cannot reach {message.urn}", permanent=True)
        # In a private chat the chat id is the user's id, which is what the URN keeps.
        return telegram_bot.send_text(self.settings, int(user_id), message.text, message.options)
