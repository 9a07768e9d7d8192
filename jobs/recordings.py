"""Bring files kept at a provider (callers' recordings at Twilio) into the media store, then delete them there.

A periodic job: each run takes the attachments whose file is still only a
provider link, downloads each outside any transaction, stores it, records the
path, and only then asks the channel to delete the provider's copy (when the
operator configured that), so a file is never lost between the two. A passing
failure is retried next run; a permanent one is noted on the attachment.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from sqlmodel import col, select

from channels import media_store, registry
from channels.base import Channel, ChannelError
from channels.models import Attachment, Interaction
from core import speech
from core.db import id_of
from core.runtime import Runtime, current
from feedback.cases import events, triage
from feedback.cases.models import Case

log = logging.getLogger(__name__)
BATCH = 20


def fetch_pending() -> int:
    """Fetch the files still at their provider (a periodic job); return how many were stored."""
    runtime = current()
    kinds = [kind for kind, channel in runtime.channels.items() if isinstance(channel, Channel)
             and channel.media_at_provider and channel.enabled]  # fmt: skip
    if not kinds:
        return 0
    with runtime.read_session() as session:
        pending = session.exec(
            select(Attachment.id, Attachment.url, Interaction.channel)
            .join(Interaction, col(Interaction.id) == col(Attachment.interaction_id))
            .where(col(Attachment.path).is_(None), col(Attachment.url).is_not(None), col(Attachment.note).is_(None))
            .where(col(Interaction.channel).in_(kinds))
            .order_by(col(Attachment.id))
            .limit(BATCH)
        ).all()
    return sum(_fetch_one(runtime, attachment_id or 0, url or "", kind) for attachment_id, url, kind in pending)


def _fetch_one(runtime: Runtime, attachment_id: int, url: str, kind: str) -> bool:
    channel = registry.get(runtime.channels, kind)
    assert channel is not None  # chosen from the runtime's channels above
    try:
        data = channel.fetch_media(url, runtime.settings.media_max_bytes)
    except ChannelError as exc:
        log.warning("could not fetch attachment %s from %s: %s", attachment_id, kind, exc.message)
        if exc.permanent:
            _note(runtime, attachment_id, f"not kept: {exc.message}"[:500])
        return False
    path = store(runtime, data)
    with runtime.session() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None:
            return False
        attachment.path, attachment.size = path, len(data)
        session.add(attachment)
    _forget(channel, attachment_id, url)
    _transcribe(runtime, attachment_id, data)
    return True


def _transcribe(runtime: Runtime, attachment_id: int, data: bytes) -> None:
    # A message with no words yet (Chinese is never transcribed by Twilio) gets the local engine's, if there is one.
    command = runtime.settings.speech_to_text_command
    if not command.strip():
        return
    # The engine reads a file; the recording may live in the database or object storage, so it gets a copy.
    with tempfile.TemporaryDirectory() as folder:
        audio = Path(folder) / "recording.wav"
        audio.write_bytes(data)
        text = speech.transcribe(command, audio)
    if text is None:
        return
    with runtime.session() as session:
        attachment = session.get(Attachment, attachment_id)
        message = session.get(Interaction, attachment.interaction_id) if attachment else None
        if message is None or message.text.strip():
            return
        message.text = text
        session.add(message)
        case = session.get(Case, message.case_id) if message.case_id else None
        if case is None:
            return
        if not case.summary.strip():
            case.summary = text
            session.add(case)
        events.record(session, id_of(case), "transcribed", interaction_id=message.id, engine="local")
        triage.route_from_triage(session, case, text)


def store(runtime: Runtime, data: bytes) -> str:
    """Keep a downloaded recording (the one place this job writes files, so the store can be swapped)."""
    return media_store.save(runtime.blobs, data, ".wav", runtime.settings.media_max_bytes)


def _forget(channel: Channel, attachment_id: int, url: str) -> None:
    try:
        channel.forget_media(url)
    except ChannelError as exc:  # the file is safe with us; the provider's copy just lives on
        log.warning("could not delete attachment %s at the provider: %s", attachment_id, exc.message)


def _note(runtime: Runtime, attachment_id: int, note: str) -> None:
    with runtime.session() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is not None:
            attachment.note = note
            session.add(attachment)
