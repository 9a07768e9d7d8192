"""What each inbound step sees: the contact, the citizen behind it, and a way to answer them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from channels.models import Interaction
from core.runtime import Runtime
from feedback.models import Case
from feedback.replies import queue_message
from router.models import Citizen


@dataclass
class InboundContext:
    """One contact on its way through the inbound steps (all inside the batch's transaction)."""

    session: Session
    runtime: Runtime
    contact: Interaction
    citizen: Citizen
    language: str
    replies: list[Interaction] = field(default_factory=list)

    @property
    def settings(self):
        return self.runtime.settings

    def reply(self, text: str, purpose: str, case: Case | None = None) -> Interaction:
        """Queue an answer to the citizen on the channel and address they used."""
        from channels.registry import reply_channel  # the registry imports channels that use this module

        message = queue_message(
            self.session, self.contact.urn, reply_channel(self.contact.channel), text, purpose, self.citizen.id, case
        )
        self.replies.append(message)
        return message
