"""A live call's recording on the case the call was filed on, to be fetched from Twilio like any recording.

Twilio reports the recording of the agent's talk (the <Dial>'s `record`) when
the talk ends; the wrap-up may come before or after. Whichever comes second
puts the recording on the case: an attachment (Twilio's address, audio) of
the call's contact on that case. The periodic `jobs.recordings` then brings
the file into the media store (and deletes Twilio's copy when configured), and
the case page plays it for staff who may see the case.
"""

from __future__ import annotations

from sqlmodel import Session, select

from channels.models import INBOUND, Attachment, Interaction
from core.clock import utcnow
from core.db import id_of
from feedback.calls.models import LiveCall
from feedback.cases.models import Case

CHANNEL, PURPOSE = "voice", "live_call"
CONTENT_TYPE = "audio/x-wav"  # what the recordings job asks Twilio for


def contact_of(session: Session, call: LiveCall) -> Interaction | None:
    """Return the contact that stands for the call on its case, if one was made."""
    return session.exec(
        select(Interaction).where(
            Interaction.channel == CHANNEL,
            Interaction.direction == INBOUND,
            Interaction.external_id == contact_key(call),
        )
    ).first()


def keep(session: Session, call: LiveCall) -> None:
    """Put the call's recording on its case (once), for the recordings job to fetch; nothing before both are known."""
    if not call.recording_url or call.case_id is None or not call.urn:
        return  # (a withheld number never reaches a case)
    case = session.get(Case, call.case_id)
    if case is None:
        return
    contact = contact_of(session, call) or _contact(session, call, call.urn, case)
    if contact.case_id is None:
        contact.case_id = case.id
        session.add(contact)
    kept = select(Attachment.id).where(
        Attachment.interaction_id == id_of(contact), Attachment.url == call.recording_url
    )
    if session.exec(kept).first() is None:
        name = f"call-{call.arrived_at:%Y%m%d-%H%M}.wav"
        session.add(
            Attachment(interaction_id=id_of(contact), url=call.recording_url, content_type=CONTENT_TYPE, filename=name)
        )


def _contact(session: Session, call: LiveCall, urn: str, case: Case) -> Interaction:
    """The call as a contact on an existing case (a new case's wrap-up made one already)."""
    contact = Interaction(
        direction=INBOUND, channel=CHANNEL, external_id=contact_key(call), urn=urn, citizen_id=case.citizen_id,
        purpose=PURPOSE, text=call.summary or "", payload={"CallSid": call.call_sid}, status="processed",
        processed_at=utcnow(), case_id=case.id,
    )  # fmt: skip
    session.add(contact)
    session.flush()
    return contact


def contact_key(call: LiveCall) -> str:
    """Name the call's contact (its external id): one per call, so a retried wrap-up finds it."""
    return f"{call.call_sid}/{PURPOSE}"
