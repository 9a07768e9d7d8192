"""One case's story for the case page: messages in and out on every channel, and what staff did, by time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, func, select

from channels.models import Attachment, Interaction
from feedback.cases.models import Case, CaseEvent
from router.identity.models import Citizen, Identity
from staff.models import Department, User

HIDDEN_EVENTS = ("viewed",)  # kept for the audit trail, too many to show in the conversation
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")


@dataclass
class Entry:
    """One line of the timeline: a message (with its files) or an event."""

    at: datetime
    message: Interaction | None = None
    event: CaseEvent | None = None
    attachments: list[Attachment] = field(default_factory=list)


def entries(session: Session, case: Case) -> list[Entry]:
    """Return the case's messages and visible events, oldest first."""
    messages = list(session.exec(select(Interaction).where(Interaction.case_id == case.id)))
    files = session.exec(select(Attachment).where(col(Attachment.interaction_id).in_([m.id for m in messages])))
    by_message: dict[int, list[Attachment]] = {}
    for item in files:
        by_message.setdefault(item.interaction_id, []).append(item)
    lines = [Entry(m.created_at, message=m, attachments=by_message.get(m.id, [])) for m in messages]
    events = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id, col(CaseEvent.kind).not_in(HIDDEN_EVENTS))
    )
    lines += [Entry(e.created_at, event=e) for e in events]
    return sorted(lines, key=lambda line: (line.at, 0 if line.message else 1))


def attachment_kind(attachment: Attachment) -> str:
    """Say how the page shows a file: 'image', 'audio', 'pending' (not fetched yet) or 'file' (a download)."""
    content_type = (attachment.content_type or "").split(";")[0].strip().lower()
    if content_type in IMAGE_TYPES and attachment.path:
        return "image"
    if content_type.startswith("audio/") and attachment.path:
        return "audio"
    if _pending(attachment):
        return "pending"
    return "file"


def _pending(attachment: Attachment) -> bool:
    """Tell whether the file is still to be fetched by the worker (as when the blob store was unreachable)."""
    url = attachment.url or ""
    provider_link = url.startswith(("https://", "http://", "geo:"))
    return not attachment.path and bool(url) and not provider_link and attachment.size is None and not attachment.note


def citizen_panel(session: Session, case: Case, departments: frozenset[int] | None = None) -> dict:
    """Return who the citizen is: identities, language, region, and their other cases with outcomes.

    With `departments` (an agent's), cases in other departments are only counted: an agent of one
    department must not read what the citizen told another (`hidden_cases`).
    """
    citizen = session.get(Citizen, case.citizen_id)
    identities = list(session.exec(select(Identity).where(Identity.citizen_id == case.citizen_id)))
    others = (Case.citizen_id == case.citizen_id, Case.id != case.id)
    query = select(Case, Department).join(Department, col(Department.id) == Case.department_id).where(*others)
    hidden = 0
    if departments is not None:
        outside = col(Case.department_id).not_in(sorted(departments))
        hidden = session.exec(select(func.count()).select_from(Case).where(*others, outside)).one()
        query = query.where(col(Case.department_id).in_(sorted(departments)))
    past = session.exec(query.order_by(col(Case.opened_at).desc()).limit(20))
    return {"citizen": citizen, "identities": identities, "past_cases": list(past), "hidden_cases": hidden}


def user_names(session: Session) -> dict[int, str]:
    """Return every user's display name by id, for assignees and actors."""
    return {u.id: u.display_name or u.username for u in session.exec(select(User))}


def attachment_name(attachment: Attachment) -> str:
    """Return the file's own name as the citizen sent it (shown escaped), or '' when unknown."""
    if attachment.filename:
        return attachment.filename
    source = attachment.path or (attachment.url or "").split("?")[0]
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def has_recording(session: Session, case: Case) -> bool:
    """Tell whether the citizen left a recording on this case (the page then offers to write down what was said)."""
    found = session.exec(
        select(Attachment.id)
        .join(Interaction, col(Interaction.id) == col(Attachment.interaction_id))
        .where(Interaction.case_id == case.id, col(Attachment.content_type).startswith("audio/"))
    ).first()
    return found is not None


@dataclass(frozen=True)
class Location:
    """Where a filer said the matter is (Open311: an address, coordinates, or both)."""

    address: str
    lat: str
    long: str


LOCATION_CHANNELS = ("open311",)


def locations(session: Session, case: Case) -> list[Location]:
    """Return the locations the case's filings gave, so the agent sees where to send someone."""
    contacts = session.exec(
        select(Interaction).where(Interaction.case_id == case.id, col(Interaction.channel).in_(LOCATION_CHANNELS))
    ).all()
    found = []
    for contact in contacts:
        payload = contact.payload or {}
        address = str(payload.get("address_string") or payload.get("address_id") or "")[:300]
        lat, long = str(payload.get("lat") or "")[:20], str(payload.get("long") or "")[:20]
        if address or (lat and long):
            found.append(Location(address, lat, long))
    return found
