"""The inbound step for what a phone call leaves behind: recorded messages and their late transcriptions,
call-back requests, and calls that ended with nothing said — which become call-back requests, never losses.

Twilio reports a recording, its transcription and the call's end on separate
webhooks that may arrive in any order. The contacts of one call share their
CallSid (external ids `<CallSid>/<purpose>`), so each piece finds the others
whichever comes first, and processing any of them twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from channels.models import INBOUND, RECEIVED, Interaction
from channels.voice import (
    CALL_STATUS,
    CALLBACK_REQUEST,
    LANGUAGE_FIELD,
    STATUS_HEARD,
    TRANSCRIPTION,
    VOICE_MESSAGE,
    VoiceChannel,
)
from core.clock import utcnow
from feedback import cases, events, messages
from feedback.models import Case
from jobs.context import InboundContext
from router.departments import route_text

# A call's last webhooks (the recording, the hang-up) can race; judge a finished call only after this long.
CALL_END_GRACE = timedelta(seconds=20)
# A transcription that arrives before its recording waits this long between looks, this many times.
TRANSCRIPTION_WAIT = timedelta(seconds=30)
TRANSCRIPTION_LOOKS = 5


def handle(ctx: InboundContext) -> bool:
    """Deal with call-back requests and voice-only contacts; let recorded messages go on to a case."""
    purpose = ctx.contact.purpose
    if purpose == CALLBACK_REQUEST:
        _adopt_call_language(ctx)
        return request_callback(ctx)
    if ctx.contact.channel != VoiceChannel.kind:
        return False
    _adopt_call_language(ctx)
    if purpose == TRANSCRIPTION:
        return _transcribed(ctx)
    if purpose == CALL_STATUS:
        return _call_status(ctx)
    if purpose == VOICE_MESSAGE:
        _take_early_transcription(ctx)
    return purpose == STATUS_HEARD  # the caller heard their status on the phone; nothing more to do


def request_callback(ctx: InboundContext) -> bool:
    """Open or join the citizen's case, flag it for a call from an agent, and confirm by message."""
    session, contact = ctx.session, ctx.contact
    case = cases.open_case_of(session, ctx.citizen.id)
    joined = case is not None
    if case is None:
        case = cases.open_case(session, ctx.citizen, contact, route_text(session, contact.text), ctx.language)
    cases.attach(session, case, contact, joined)
    if not case.callback_requested:
        case.callback_requested = True
        session.add(case)
        events.record(session, case.id, "callback_requested", interaction_id=contact.id)
    text = messages.render(
        "callback_requested", ctx.language, hotline=ctx.settings.hotline_name, reference=case.reference
    )
    ctx.reply(text, "acknowledgement", case)
    return True


def _adopt_call_language(ctx: InboundContext) -> None:
    # The language the caller heard (and perhaps chose with key 9) is the one to answer in.
    language = ctx.contact.payload.get(LANGUAGE_FIELD)
    if language in ("zh", "en"):
        ctx.language = language
        if ctx.citizen.language != language:
            ctx.citizen.language = language
            ctx.session.add(ctx.citizen)


def _transcribed(ctx: InboundContext) -> bool:
    session, contact = ctx.session, ctx.contact
    recording = _contact_of_call(session, contact, VOICE_MESSAGE, lock=True)
    if recording is None:
        return _wait_for_recording(contact)
    recording.text = contact.text
    session.add(recording)
    case = session.get(Case, recording.case_id) if recording.case_id else None
    if case is not None:
        if not case.summary.strip():
            case.summary = contact.text[:2000]
            session.add(case)
        events.record(session, case.id, "transcribed", interaction_id=recording.id)
    return True


def _take_early_transcription(ctx: InboundContext) -> None:
    # The transcription came first: give its text to the message before it is routed and summarised.
    if not ctx.contact.text.strip():
        early = _contact_of_call(ctx.session, ctx.contact, TRANSCRIPTION)
        if early is not None:
            ctx.contact.text = early.text


def _wait_for_recording(contact: Interaction) -> bool:
    contact.attempts += 1
    if contact.attempts >= TRANSCRIPTION_LOOKS:
        contact.error = "no recorded message for this transcription"
        return True
    _look_again_at(contact, utcnow() + TRANSCRIPTION_WAIT)
    return True


def _call_status(ctx: InboundContext) -> bool:
    contact = ctx.contact
    if contact.payload.get("CallStatus") != "completed":
        return True  # kept as a record of the call; only a finished call can have left nothing
    if utcnow() - contact.created_at < CALL_END_GRACE:
        _look_again_at(contact, contact.created_at + CALL_END_GRACE)
        return True
    if _call_left_something(ctx.session, contact):
        return True
    contact.purpose = CALLBACK_REQUEST  # hung up before leaving anything: an agent should call back
    return request_callback(ctx)


def _call_left_something(session: Session, contact: Interaction) -> bool:
    return any(
        _contact_of_call(session, contact, purpose) is not None
        for purpose in (VOICE_MESSAGE, CALLBACK_REQUEST, STATUS_HEARD)
    )


def _contact_of_call(session: Session, contact: Interaction, purpose: str, lock: bool = False) -> Interaction | None:
    call_sid = contact.payload.get("CallSid", "")
    query = select(Interaction).where(
        Interaction.direction == INBOUND,
        Interaction.channel == contact.channel,
        Interaction.external_id == f"{call_sid}/{purpose}",
        col(Interaction.id) != contact.id,
    )
    # Lock the sibling so a worker processing it at the same moment finishes before we read it.
    return session.exec(query.with_for_update() if lock else query).first()


def _look_again_at(contact: Interaction, when) -> None:
    contact.status, contact.processed_at, contact.next_attempt_at = RECEIVED, None, when
