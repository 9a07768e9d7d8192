"""What the contacts of one phone call mean, read in the worker: a message, a call-back request, or a record.

Twilio reports a recording, its transcription and the call's end on separate
webhooks that may arrive in any order. The contacts of one call share their
CallSid (external ids `<CallSid>/<purpose>`), so each piece finds the others
whichever comes first, and reading any of them twice changes nothing. A call
that ended with nothing said becomes a call-back request, never a loss.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from channels.base import CALLBACK, DONE, LATER, MESSAGE, POLL_ANSWER, TRANSCRIPT, Understood
from channels.models import INBOUND, Interaction
from channels.voice.polls import MESSAGE_FIELD, POLL_KEY
from channels.voice.receive import (
    CALL_STATUS,
    CALLBACK_REQUEST,
    LANGUAGE_FIELD,
    STATUS_HEARD,
    TRANSCRIPTION,
    VOICE_MESSAGE,
)
from core.clock import utcnow

# A call's last webhooks (the recording, the hang-up) can race; judge a finished call only after this long.
CALL_END_GRACE = timedelta(seconds=20)
# A transcription that arrives before its recording waits this long between looks, this many times.
TRANSCRIPTION_WAIT = timedelta(seconds=30)
TRANSCRIPTION_LOOKS = 5


def understand(session: Session, contact: Interaction) -> Understood:
    """Read one contact of a call; the language is the one the caller heard (and perhaps chose with key 9)."""
    language = contact.payload.get(LANGUAGE_FIELD)
    language = language if language in ("zh", "en") else None
    purpose = contact.purpose
    if purpose == CALLBACK_REQUEST:
        return Understood(CALLBACK, language)
    if purpose == TRANSCRIPTION:
        return _transcription(session, contact, language)
    if purpose == CALL_STATUS:
        return _call_status(session, contact, language)
    if purpose == VOICE_MESSAGE:
        _take_early_transcription(session, contact)
        return Understood(MESSAGE, language)
    if purpose == POLL_KEY:
        return Understood(POLL_ANSWER, language, answers=int(contact.payload.get(MESSAGE_FIELD) or 0))
    if purpose == STATUS_HEARD:
        return Understood(DONE, language)  # the caller heard their status on the phone; nothing more to do
    return Understood(MESSAGE, language)


def _transcription(session: Session, contact: Interaction, language: str | None) -> Understood:
    recording = _contact_of_call(session, contact, VOICE_MESSAGE)
    if recording is not None:
        return Understood(TRANSCRIPT, language, original=recording.external_id)
    contact.attempts += 1
    if contact.attempts >= TRANSCRIPTION_LOOKS:
        contact.error = "no recorded message for this transcription"
        return Understood(DONE, language)
    return Understood(LATER, language, retry_at=utcnow() + TRANSCRIPTION_WAIT)


def _call_status(session: Session, contact: Interaction, language: str | None) -> Understood:
    if contact.payload.get("CallStatus") != "completed":
        return Understood(DONE, language)  # kept as a record of the call; only a finished call can have left nothing
    if utcnow() - contact.created_at < CALL_END_GRACE:
        return Understood(LATER, language, retry_at=contact.created_at + CALL_END_GRACE)
    if any(_contact_of_call(session, contact, p) is not None for p in (VOICE_MESSAGE, CALLBACK_REQUEST, STATUS_HEARD)):
        return Understood(DONE, language)
    contact.purpose = CALLBACK_REQUEST  # hung up before leaving anything: an agent should call back
    return Understood(CALLBACK, language)


def _take_early_transcription(session: Session, contact: Interaction) -> None:
    # The transcription came first: give its text to the message before it is routed and summarised.
    if not contact.text.strip():
        early = _contact_of_call(session, contact, TRANSCRIPTION)
        if early is not None:
            contact.text = early.text


def _contact_of_call(session: Session, contact: Interaction, purpose: str) -> Interaction | None:
    call_sid = contact.payload.get("CallSid", "")
    query = select(Interaction).where(
        Interaction.direction == INBOUND,
        Interaction.channel == contact.channel,
        Interaction.external_id == f"{call_sid}/{purpose}",
        col(Interaction.id) != contact.id,
    )
    return session.exec(query).first()
