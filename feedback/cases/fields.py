"""A case's details staff read and correct: the subject, where the matter is (address and location), and tags.

Contacts fill in what they carry when they join a case (an Open311 filing's address or coordinates, a
Telegram location, an email's subject); an agent's correction on the case page is an audited event.
"""

from __future__ import annotations

import re

from sqlalchemy import MetaData, Table, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from channels.models import Attachment, Interaction
from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from feedback.cases import events, search_index
from feedback.cases.models import Case

MAX_SUBJECT = 300
MAX_ADDRESS = 500
MAX_TAGS = 10
MAX_TAG = 30
_TAG_SEPARATORS = re.compile(r"[,，、;；]+")
_GEO = re.compile(r"geo:(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)")


class DetailsError(Refusal):
    """Case details that cannot be saved; the sentence says why."""


def place_of(session: Session, contact: Interaction) -> tuple[str | None, str | None]:
    """Return the address and the "lat,long" a contact gave (an Open311 filing's fields, a shared location)."""
    payload = contact.payload or {}
    given = payload.get("address_string") or payload.get("address_id") or payload.get("address") or ""
    address = str(given).strip()[:MAX_ADDRESS] or None
    lat, long = str(payload.get("lat") or "").strip(), str(payload.get("long") or "").strip()
    location = _location(lat, long)
    if location is None and contact.id is not None:
        urls = session.exec(select(Attachment.url).where(Attachment.interaction_id == contact.id))
        location = next((found for url in urls if (found := _geo(url or "")) is not None), None)
    return address, location


def _location(lat: str, long: str) -> str | None:
    try:
        if lat and long and -90 <= float(lat) <= 90 and -180 <= float(long) <= 180:
            return f"{lat[:20]},{long[:20]}"
    except ValueError:
        pass
    return None


def _geo(url: str) -> str | None:
    match = _GEO.fullmatch(url.strip())
    return _location(match.group(1), match.group(2)) if match else None


def fill_from_contact(session: Session, case: Case, contact: Interaction) -> None:
    """Give the case the address and location a contact carries, where it has none yet."""
    if case.address and case.location:
        return
    address, location = place_of(session, contact)
    if address and not case.address:
        case.address = address
    if location and not case.location:
        case.location = location
    session.add(case)


def parse_tags(raw: str) -> list[str]:
    """Read the tags typed in one field, separated by commas (either width), 、 or semicolons."""
    tags = list(dict.fromkeys(t.strip() for t in _TAG_SEPARATORS.split(raw) if t.strip()))
    if len(tags) > MAX_TAGS:
        raise DetailsError("a case takes at most %(n)d tags", n=MAX_TAGS)
    if any(len(t) > MAX_TAG for t in tags):
        raise DetailsError("a tag is at most %(n)d characters", n=MAX_TAG)
    return tags


def set_details(session: Session, case: Case, subject: str, address: str, tags: list[str], actor: str) -> bool:
    """Save corrected details; record what changed from what to what. Return False when nothing changed."""
    subject, address = subject.strip(), address.strip()
    if len(subject) > MAX_SUBJECT:
        raise DetailsError("the subject is at most %(n)d characters", n=MAX_SUBJECT)
    if len(address) > MAX_ADDRESS:
        raise DetailsError("the address is at most %(n)d characters", n=MAX_ADDRESS)
    wanted = {"subject": subject or None, "address": address or None, "tags": tags}
    changes = {name: [getattr(case, name), value] for name, value in wanted.items() if getattr(case, name) != value}
    if not changes:
        return False
    events.record(session, id_of(case), "details_changed", actor=actor, changes=changes)
    for name, (_old, new) in changes.items():
        setattr(case, name, new)
    case.updated_at = utcnow()
    session.add(case)
    return True


def backfill(connection: Connection) -> None:
    """Fill the details of stored cases from their contacts (a migration: the case table as it stands then)."""
    rows = connection.execute(
        text(
            "SELECT i.case_id, i.id, i.payload, a.url FROM interaction i LEFT JOIN attachment a"
            " ON a.interaction_id = i.id AND a.url LIKE 'geo:%' WHERE i.case_id IS NOT NULL"
            " AND i.direction = 'in' AND (i.channel IN ('open311', 'email') OR a.url IS NOT NULL) ORDER BY i.id"
        )
    )
    found: dict[int, dict[str, str]] = {}
    for case_id, _id, payload, url in rows:
        payload = _json(payload)
        details = found.setdefault(case_id, {})
        address = str(payload.get("address_string") or payload.get("address_id") or "").strip()[:MAX_ADDRESS]
        location = _location(str(payload.get("lat") or ""), str(payload.get("long") or "")) or _geo(url or "")
        subject = str(payload.get("subject") or "").strip()[:MAX_SUBJECT]
        for name, value in (("address", address), ("location", location), ("subject", subject)):
            if value:
                details.setdefault(name, value)
    for case_id, details in found.items():
        if details:
            assignments = ", ".join(f"{name} = :{name}" for name in details)
            connection.execute(text(f'UPDATE "case" SET {assignments} WHERE id = :id'), {**details, "id": case_id})
    search_index.rewrite(connection, found, Table("case", MetaData(), autoload_with=connection))


def _json(value) -> dict:
    if isinstance(value, dict):
        return value
    import json

    try:
        loaded = json.loads(value or "{}")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}
