"""The outreach side of consultations by phone: the question a call asks, and the key the citizen pressed.

The voice channel places the call and reads the keypad (channels.voice.polls); it asks this desk for the
question when a wrong key means reading it again, and whether a citizen calling the hotline has a
consultation open to them (sent by any channel within OUTREACH_REPLY_HOURS, not answered yet) to offer.
The key, stored as a contact, reaches the worker, where
`record_key` notes it against the notice the call belongs to: an option is the citizen's answer (one per
citizen, the last counting, as by SMS), no key (or wrong keys twice) is recorded as no answer.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, func, select

from channels.voice.polls import Question
from core.clock import utcnow
from core.runtime import Runtime
from feedback.outreach import polls, replies, wording
from feedback.outreach.models import DONE, R_SENT, SENDING, Campaign, CampaignRecipient, PollAnswer
from router.identity.models import Citizen, Identity

OPEN_LOOKED_AT = 5  # a caller's most recent notices looked at for a consultation still open to them


class PollQuestions:
    """Answers the voice channel's `PollDesk` from the database (a short read-only session per question)."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime

    def question(self, message_id: int) -> Question | None:
        with self.runtime.read_session() as session:
            found = recipient_of(session, message_id)
            citizen = session.get(Citizen, found[1].citizen_id) if found is not None else None
            if found is None or citizen is None:
                return None
            campaign = found[0]
            language = citizen.language or self.runtime.settings.default_language
            template = (
                (campaign.text_en or campaign.text_zh) if language == "en" else (campaign.text_zh or campaign.text_en)
            )
            # Its words as spoken, whatever channel carried it (an SMS copy adds the options and the opt-out line).
            return Question(wording.render(template, citizen, language), tuple(campaign.options), language)

    def open_for(self, urn: str) -> int | None:
        with self.runtime.read_session() as session:
            citizen_id = session.exec(select(Identity.citizen_id).where(Identity.urn == urn)).first()
            if citizen_id is None:
                return None
            since = utcnow() - timedelta(hours=self.runtime.settings.outreach_reply_hours)
            recent = session.exec(
                select(CampaignRecipient, Campaign)
                .join(Campaign, col(Campaign.id) == col(CampaignRecipient.campaign_id))
                .where(CampaignRecipient.citizen_id == citizen_id, CampaignRecipient.status == R_SENT)
                .where(col(CampaignRecipient.sent_at) >= since, col(Campaign.status).in_((SENDING, DONE)))
                .order_by(col(CampaignRecipient.sent_at).desc())
                .limit(OPEN_LOOKED_AT)
            ).all()
            for recipient, campaign in recent:
                answered = session.exec(
                    select(PollAnswer.id).where(
                        PollAnswer.campaign_id == campaign.id, PollAnswer.citizen_id == citizen_id
                    )
                ).first()
                if campaign.options and answered is None and recipient.interaction_id is not None:
                    return recipient.interaction_id
            return None


def recipient_of(session: Session, message_id: int) -> tuple[Campaign, CampaignRecipient] | None:
    """Return the consultation and recipient a call (our outbound message) belongs to, if any."""
    recipient = session.exec(select(CampaignRecipient).where(CampaignRecipient.interaction_id == message_id)).first()
    campaign = session.get(Campaign, recipient.campaign_id) if recipient is not None else None
    if campaign is None or recipient is None or not campaign.options:
        return None
    return campaign, recipient


def record_key(session: Session, message_id: int, citizen: Citizen, key: str, contact_id: int | None) -> str | None:
    """Record the key pressed on a consultation call; return "answer", "no_answer", or None for no such call."""
    found = recipient_of(session, message_id)
    if found is None or found[1].citizen_id != citizen.id:
        return None
    campaign, recipient = found
    choice = polls.choice_of(campaign, key)
    if choice is not None:
        polls.answer(session, campaign, citizen, choice, "voice")
        replies.record(session, recipient, replies.ANSWER, contact_id, utcnow())
        return replies.ANSWER
    if recipient.reply_kind is None:  # no key: noted, but not counted as a reply
        recipient.reply_kind = replies.NO_ANSWER
        session.add(recipient)
    return replies.NO_ANSWER


def no_answers(session: Session, campaign_id: int) -> int:
    """Count the consultation's calls answered without a choice (and with no answer given since)."""
    query = (
        select(func.count())
        .select_from(CampaignRecipient)
        .where(CampaignRecipient.campaign_id == campaign_id, CampaignRecipient.reply_kind == replies.NO_ANSWER)
    )
    return session.exec(query).one()
