"""File an Open311 request as a case: check the key and the fields, recognise the citizen, open the case.

The request is kept as an inbound interaction on channel 'open311' with its
fields verbatim (for staff), and goes straight to the department its
service_code names. The client gets the case reference back at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from channels import registry
from channels.models import INBOUND, PROCESSED, Interaction
from core import language
from core.clock import utcnow
from core.config import Settings
from core.db import id_of
from core.runtime import current
from core.urns import InvalidURN, tel
from feedback import texts
from feedback.answers import emergencies
from feedback.answers.outbox import queue_message
from feedback.cases import opening
from feedback.cases.models import Case
from feedback.sla import timers
from router import kinds, priority
from router.decision import Decision
from router.identity import names, recognise
from router.identity.models import Citizen
from staff.models import Department
from web.open311 import keys

CHANNEL = "open311"
MAX_DESCRIPTION = 4000
KEPT_FIELDS = (
    "service_code", "description", "lat", "long", "address_string", "address_id", "email", "device_id",
    "account_id", "first_name", "last_name", "phone", "media_url",
)  # fmt: skip


@dataclass(frozen=True)
class Filed:
    """A filed request: its case, and what the client must show the citizen now (an emergency's numbers)."""

    case: Case
    notice: str | None = None


@dataclass
class FilingError(Exception):
    """A request that cannot be filed: the HTTP status and the spec's description."""

    status: int
    description: str


def file(session: Session, settings: Settings, form) -> Filed:
    """Open a case for an Open311 request, or raise FilingError and store nothing."""
    key = keys.check(session, form.get("api_key", ""))
    if key is None:
        raise FilingError(403, "a valid api_key is required to file service requests")
    department = _department(session, form.get("service_code", "").strip())
    description = form.get("description", "").strip()
    _check_location(form)
    if len(description) > MAX_DESCRIPTION:
        raise FilingError(400, f"description is longer than {MAX_DESCRIPTION} characters")
    text = description or department.name_zh
    citizen, urn = _citizen(session, settings, form, language.detect(text, settings.default_language))
    name = " ".join(form.get(part, "").strip() for part in ("last_name", "first_name")).strip()
    names.offer(session, citizen, name, CHANNEL)
    fields = {name: form.get(name) for name in KEPT_FIELDS if form.get(name)}
    contact = Interaction(direction=INBOUND, channel=CHANNEL, urn=urn, citizen_id=citizen.id, text=text,
                          payload={"api_key": key.name, **fields}, status=PROCESSED, processed_at=utcnow())  # fmt: skip
    session.add(contact)
    session.flush()
    urgency = priority.assess(text)
    routing = Decision(
        id_of(department),
        1.0,
        f"open311 service_code {department.code}",
        priority=urgency.level,
        kind=kinds.classify(text).kind,
        services=urgency.services,
        reasons=urgency.reasons,
    )
    case = opening.open_case(session, citizen, contact, routing, citizen.language or settings.default_language)
    opening.attach(session, case, contact, joined=False)
    if urgency.level != priority.URGENT:
        _acknowledge(session, settings, case, department, urn)
        return Filed(case)
    emergencies.raise_alarm(session, case, urgency.reasons, urgency.services)
    return Filed(case, emergencies.advice(case, urgency.services, case.language, settings))


def _acknowledge(session: Session, settings: Settings, case: Case, department: Department, urn: str) -> None:
    """Send a filer who left a phone or an email the acknowledgement with the reference, as any channel does."""
    kind = registry.sender_for(urn.partition(":")[0])
    channel = registry.get(current().channels, kind) if kind else None
    if channel is None or not channel.enabled:
        return  # anonymous, or that channel is off: the portal shows the reference it got back
    text = texts.render("case_opened", case.language, hotline=settings.hotline_name, reference=case.reference,
                        department=department.name(case.language))  # fmt: skip
    queue_message(session, urn, channel.kind, text, "acknowledgement", case.citizen_id, case)
    timers.want_outbound_drain(session)


def _department(session: Session, code: str) -> Department:
    if not code:
        raise FilingError(400, "service_code is required")
    department = session.exec(select(Department).where(Department.code == code, Department.active)).first()
    if department is None:
        raise FilingError(404, f"no service with service_code {code!r}")
    return department


def _check_location(form) -> None:
    # The spec asks for a location: both coordinates, or an address, or an address id.
    lat, long = form.get("lat", "").strip(), form.get("long", "").strip()
    if lat or long:
        try:
            if not (-90 <= float(lat) <= 90 and -180 <= float(long) <= 180):
                raise ValueError
        except ValueError:
            raise FilingError(400, "lat and long must both be given, as decimal degrees") from None
    elif not (form.get("address_string", "").strip() or form.get("address_id", "").strip()):
        raise FilingError(400, "a location is required: lat and long, address_string or address_id")


def _citizen(session: Session, settings: Settings, form, spoken: str) -> tuple[Citizen, str]:
    # The phone or email the portal passes on identifies the citizen across channels; without either,
    # the request gets an anonymous citizen of its own.
    try:
        urn = tel(form["phone"], settings.default_region) if form.get("phone") else None
        urn = urn or (
            registry.normalise_urn("mailto:" + form["email"], settings.default_region) if form.get("email") else None
        )
    except InvalidURN as exc:
        raise FilingError(400, str(exc)) from exc
    if urn is not None:
        return recognise.resolve(session, urn, spoken)[0], urn
    citizen = Citizen(language=spoken)
    session.add(citizen)
    session.flush()
    return citizen, f"{CHANNEL}:anonymous-{citizen.id}"
