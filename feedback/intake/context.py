"""What each inbound step sees: the contact, the citizen behind it, what its channel made of it, and a way to
answer them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from channels import registry
from channels.base import Channel, Understood
from channels.models import Interaction
from core.db import id_of
from core.runtime import Runtime
from feedback import texts
from feedback.answers.outbox import queue_message
from feedback.cases import opening
from feedback.cases.models import Case
from feedback.intake.facts import CitizenFacts
from feedback.surveys import satisfaction
from feedback.surveys.models import SurveyResponse
from router.identity import addresses
from router.identity.models import Citizen
from staff.models import Department


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
    # What the contact's channel says it means beyond its words (set by the first step).
    understood: Understood = field(default_factory=Understood)
    # The open case the contact is about when the citizen has several (set by `which_case`), or a new one.
    chosen_case: Case | None = None
    force_new: bool = False
    actor: str = "system"  # who the case's events name: the member of staff who recorded the contact, if one did

    @property
    def settings(self):
        return self.runtime.settings

    @property
    def channel(self) -> Channel | None:
        """Return the channel the contact came in on (None for what staff recorded, or a portal filed)."""
        return registry.get(self.runtime.channels, self.contact.channel)

    def open_case(self) -> Case | None:
        """Return the open case the contact is about: the one chosen among several, else the most recent."""
        if self.force_new:
            return None
        if self.chosen_case is not None:
            return self.chosen_case
        if self.facts is not None:
            return self.facts.open_case
        return opening.open_case_of(self.session, id_of(self.citizen))

    def open_cases(self) -> list[Case]:
        """Return all the citizen's open cases, newest first."""
        if self.facts is not None:
            return self.facts.open_cases
        return opening.open_cases_of(self.session, id_of(self.citizen))

    def pending_survey(self) -> SurveyResponse | None:
        """Return the citizen's latest survey still waiting for an answer, if any."""
        if self.facts is not None:
            return self.facts.pending_survey
        return satisfaction.pending_for(self.session, id_of(self.citizen))

    def is_shared_address(self) -> bool:
        """Tell whether the contact's address is shared by several people (their contacts are separate matters)."""
        if self.shared_address is None:
            self.shared_address = addresses.is_shared(self.session, self.contact.urn)
        return self.shared_address

    def adopt_language(self, language: str | None) -> None:
        """Answer in the language the citizen chose on their channel from now on (IVR key 9, Telegram's app)."""
        if language is None:
            return
        self.language = language
        if self.citizen.language != language:
            self.citizen.language = language
            self.session.add(self.citizen)

    def case_text(self, key: str, case: Case) -> str:
        """Return one of the case texts (`feedback.texts`) in the citizen's language, about this case."""
        department = self.session.get(Department, case.department_id)
        return texts.render(
            key,
            self.language,
            hotline=self.settings.hotline_name,
            reference=case.reference,
            department=department.name(self.language) if department else "",
        )

    def reply(self, text: str, purpose: str, case: Case | None = None, options: dict | None = None) -> Interaction:
        """Queue an answer to the citizen on the channel and address they used (with channel extras: buttons)."""
        message = queue_message(
            self.session,
            self.contact.urn,
            registry.reply_channel(self.contact.channel),
            text,
            purpose,
            self.citizen.id,
            case,
        )
        if options:
            message.payload = {"options": options}
        self.replies.append(message)
        return message
