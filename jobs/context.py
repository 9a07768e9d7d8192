"""What each inbound step sees: the contact, the citizen behind it, and a way to answer them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from channels.models import Interaction
from core.runtime import Runtime
from feedback import cases, surveys
from feedback.citizen_facts import CitizenFacts
from feedback.lifecycle_models import SurveyResponse
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
    # What the batch read about the citizen before this contact (None: ask the database).
    facts: CitizenFacts | None = None
    shared_address: bool | None = None  # whether a household or village shares the address (None: ask)

    def open_case(self) -> Case | None:
        """Return the citizen's most recent open case, if any."""
        if self.facts is not None:
            return self.facts.open_case
        return cases.open_case_of(self.session, self.citizen.id)  # type: ignore[arg-type]

    def pending_survey(self) -> SurveyResponse | None:
        """Return the citizen's latest survey still waiting for an answer, if any."""
        if self.facts is not None:
            return self.facts.pending_survey
        return surveys.pending_for(self.session, self.citizen.id)  # type: ignore[arg-type]

    def is_shared_address(self) -> bool:
        """Tell whether the contact's address is shared by several people (their contacts are separate matters)."""
        if self.shared_address is None:
            from router import links

            self.shared_address = links.is_shared(self.session, self.contact.urn)
        return self.shared_address

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
