"""Voice through Twilio: a short IVR (`receive`), and what each call's contacts mean (`understand`).

A call cannot be answered later by calling back automatically, so replies to
callers go out by SMS to the calling number.
"""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session

from channels.base import Channel, ChannelError, OutboundMessage, Understood, Webhook
from channels.models import Interaction
from channels.sms.receive import KIND as SMS
from channels.voice import receive, recordings, understand
from channels.voice.texts import TEXTS
from core.urns import tel


class VoiceChannel(Channel):
    """Twilio Programmable Voice."""

    kind = receive.KIND
    scheme = "tel"
    reply_channel = SMS
    labels: ClassVar[dict[str, str]] = {"zh": "语音", "en": "Voice"}
    answer_style = "spoken"
    texts = TEXTS
    media_at_provider = True  # recordings stay at Twilio until `jobs.recordings` fetches them

    @classmethod
    def address(cls, raw: str, region: str) -> str:
        return tel(raw, region)

    @property
    def enabled(self) -> bool:
        return bool(self.settings.twilio_account_sid and self.settings.twilio_auth_token)

    def webhooks(self) -> dict[str, Webhook]:
        ivr = receive.Ivr(self.settings, self.desk)
        return {
            "": ivr.incoming_call,
            "menu": ivr.menu,
            "reference": ivr.reference,
            "recording": ivr.recording,
            "transcription": ivr.transcription,
            "status": ivr.status,
        }

    def fetch_media(self, url: str, limit: int) -> bytes:
        return recordings.fetch(self.settings, url, limit)

    def forget_media(self, url: str) -> None:
        if self.settings.twilio_delete_recordings:
            recordings.forget(self.settings, url)

    def send(self, message: OutboundMessage) -> str:
        raise ChannelError("a call cannot be placed as a message; replies to callers go by SMS", permanent=True)

    def understand(self, session: Session, contact: Interaction, language: str) -> Understood:
        return understand.understand(session, contact)
