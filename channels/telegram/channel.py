"""A Telegram bot through aiogram 3: updates by webhook or polling (`receive`, `cli`), sending (`send`), and what
each stored update means in the worker (`understand`), with files fetched there (`media`)."""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session

from channels.base import Channel, ChannelError, OutboundMessage, OutboundText, Understood, Webhook
from channels.models import Interaction
from channels.telegram import media, receive, send, understand
from channels.telegram.texts import TEXTS


class TelegramChannel(Channel):
    """A Telegram bot created with BotFather."""

    kind = receive.KIND
    scheme = "telegram"
    fallback_rank = 1  # free, and read at once: tried first when an answer must find another way
    labels: ClassVar[dict[str, str]] = {"zh": "Telegram", "en": "Telegram"}
    answer_style = "full"
    accepted_is_delivered = True  # the Bot API answers only once Telegram holds the message; bots get no read receipts
    texts = TEXTS

    @classmethod
    def address(cls, raw: str, region: str) -> str:
        return receive.address(raw)

    @property
    def enabled(self) -> bool:
        return bool(self.settings.telegram_bot_token)

    def webhooks(self) -> dict[str, Webhook]:
        return {"": lambda request: receive.webhook(self.settings, request)}

    def send(self, message: OutboundMessage) -> str:
        if not self.enabled:
            raise ChannelError("Telegram is not configured (TELEGRAM_BOT_TOKEN)", permanent=True)
        return send.send(self.settings, message)

    def understand(self, session: Session, contact: Interaction, language: str) -> Understood:
        return understand.understand(session, self.settings, contact, language)

    def fetch_pending_media(self, session: Session) -> int:
        return media.fetch_pending(session, self.settings) if self.enabled else 0

    def buttons(self, choices: dict[str, str], stacked: bool = False) -> dict:
        """Lay buttons out as the Bot API's InlineKeyboardMarkup (a press sends back the answer)."""
        keys = [{"text": label, "callback_data": data} for data, label in choices.items()]
        return {"reply_markup": {"inline_keyboard": [[key] for key in keys] if stacked else [keys]}}

    def confirm_link(self, action: str, address: str, language: str) -> OutboundText:
        return understand.confirm_link(action, address, language)
