"""Email: mail fetched from the hotline's IMAP mailbox (`mailbox`, `receive`), answers sent by SMTP in the same
thread (`send`, `thread`), and the subject that names a new matter (`understand`)."""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session

from channels.base import Channel, OutboundMessage, Understood, Webhook
from channels.email import receive, send
from channels.email.thread import clean_subject
from channels.models import Interaction


class EmailChannel(Channel):
    """Citizens' mail to the hotline's mailbox, and our answers."""

    kind = receive.KIND
    scheme = "mailto"
    fallback_rank = 3  # read late, if at all: the last resort for an answer
    labels: ClassVar[dict[str, str]] = {"zh": "电子邮件", "en": "Email"}
    answer_style = "full"
    accepted_is_delivered = True  # the mail server took it; a bounce, if any, comes later and marks it undeliverable
    survey_by_link = True

    @classmethod
    def address(cls, raw: str, region: str) -> str:
        return receive.address(raw)

    @property
    def enabled(self) -> bool:
        return bool(self.settings.imap_host)

    def webhooks(self) -> dict[str, Webhook]:
        return {}  # mail is fetched by the mailbox poll, not pushed

    def send(self, message: OutboundMessage) -> str:
        return send.send(self.settings, message)

    def understand(self, session: Session, contact: Interaction, language: str) -> Understood:
        """A new mail's subject (without "Re:" or our case tag) often names the matter: the body says "see above"."""
        payload = contact.payload or {}
        return Understood(
            subject=clean_subject(str(payload.get("subject") or "")), name=str(payload.get("from_name") or "")
        )
