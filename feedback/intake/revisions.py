"""Contacts that change an earlier one instead of saying something new: an edited message, a recording's text.

The channel names the earlier contact by its external id (`Understood.original`);
its text is replaced, and its case follows: a summary that was the old text
becomes the new one, and the audit trail says what happened.
"""

from __future__ import annotations

from sqlmodel import select

from channels.models import INBOUND, Interaction
from core.clock import utcnow
from core.db import id_of
from feedback.cases import events
from feedback.cases.models import Case
from feedback.intake.context import InboundContext

MAX_SUMMARY = 2000


def apply_edit(ctx: InboundContext) -> bool:
    """Put an edited message's new text on the original contact and mark it edited (an unknown original: a message)."""
    original = _original(ctx, lock=False)
    if original is None:
        return False  # we never saw the first version: treat the edit as a new message
    version = ctx.understood.version
    if version <= original.payload.get("last_edit_date", 0):
        return True  # a late copy of an older edit: the newer text stays
    history = [*original.payload.get("edits", []), {"text": original.text, "replaced_at": utcnow().isoformat()}]
    original.payload = {**original.payload, "edited": True, "edits": history, "last_edit_date": version}
    original.text = ctx.contact.text
    ctx.contact.case_id = original.case_id
    ctx.session.add_all([original, ctx.contact])
    if original.case_id is not None:
        case = ctx.session.get(Case, original.case_id)
        if case is not None and case.summary == history[-1]["text"][:MAX_SUMMARY]:
            case.summary, case.updated_at = original.text[:MAX_SUMMARY], utcnow()
            ctx.session.add(case)
        events.record(
            ctx.session, original.case_id, "message_edited", interaction_id=original.id, edit_id=ctx.contact.id
        )
    return True


def apply_transcript(ctx: InboundContext) -> bool:
    """Give a recorded message its transcription; a case summarised by nothing yet takes the text as its summary."""
    recording = _original(ctx, lock=True)  # locked: a worker processing the recording now finishes first
    if recording is None:
        return True  # the channel found it a moment ago; it went with a merge or a purge since
    recording.text = ctx.contact.text
    ctx.session.add(recording)
    case = ctx.session.get(Case, recording.case_id) if recording.case_id else None
    if case is not None:
        if not case.summary.strip():
            case.summary = ctx.contact.text[:MAX_SUMMARY]
            ctx.session.add(case)
        events.record(ctx.session, id_of(case), "transcribed", interaction_id=recording.id)
    return True


def _original(ctx: InboundContext, lock: bool) -> Interaction | None:
    query = select(Interaction).where(
        Interaction.channel == ctx.contact.channel,
        Interaction.direction == INBOUND,
        Interaction.external_id == ctx.understood.original,
    )
    return ctx.session.exec(query.with_for_update() if lock else query).first()
