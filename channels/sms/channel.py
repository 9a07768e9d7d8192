"""SMS through Twilio: the messaging webhook and delivery callbacks (`receive`), and sending (`send`)."""

from __future__ import annotations

from typing import ClassVar

from channels.base import Channel, ChannelError, OutboundMessage, Webhook
from channels.sms import receive, send, sent
from core.urns import tel


class SmsChannel(Channel):
    """Twilio Programmable Messaging."""

    kind = receive.KIND
    scheme = "tel"
    fallback_rank = 2  # after Telegram (free, and read at once), before email
    labels: ClassVar[dict[str, str]] = {"zh": "短信", "en": "SMS"}

    @classmethod
    def address(cls, raw: str, region: str) -> str:
        return tel(raw, region)

    @property
    def enabled(self) -> bool:
        s = self.settings
        return bool(
            s.twilio_account_sid and s.twilio_auth_token and (s.twilio_from_number or s.twilio_messaging_service_sid)
        )

    def webhooks(self) -> dict[str, Webhook]:
        return {
            "": lambda request: receive.message(self.settings, request),
            "status": lambda request: receive.status(self.settings, request),
        }

    def send(self, message: OutboundMessage) -> str:
        if not self.enabled:
            raise ChannelError("SMS is not configured (TWILIO_* settings)", permanent=True)
        return send.send(self.settings, message)

    def already_sent(self, message: OutboundMessage, exclude: frozenset[str]) -> str | None:
        return sent.find(self.settings, message, exclude) if self.enabled else None
