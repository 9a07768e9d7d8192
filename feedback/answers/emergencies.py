"""A life in danger: tell the citizen who to ring now, and tell every supervisor at once.

The router judges a matter urgent and names who answers it (police, fire,
ambulance); the numbers are the deployment's (EMERGENCY_NUMBERS). The hotline
is not an emergency service, so the citizen's first answer is the number to
ring. Supervisors and admins see the alert at the top of every staff page
until one of them takes it, and those who gave a mobile number or an email
address for alerts get a text or a mail too. A case is alerted once.
"""

from __future__ import annotations

from contextlib import suppress

from sqlmodel import Session, col, select

from channels import registry
from core.config import Settings, parse_emergency_numbers
from core.db import id_of
from core.runtime import current
from core.urns import InvalidURN, tel
from feedback import texts
from feedback.answers.outbox import queue_message
from feedback.cases import events, notifications
from feedback.cases.models import Case, CaseEvent
from staff.models import Department, User

ALERT = "emergency"  # the staff notification's kind, and the outbound alerts' purpose
ALERT_ROLES = ("supervisor", "admin")


def advice(case: Case, services: tuple[str, ...], language: str, settings: Settings) -> str:
    """Return the citizen's answer to an urgent matter: the numbers to ring now, and their case reference."""
    numbers = texts.emergency_numbers(services, parse_emergency_numbers(settings.emergency_numbers), language)
    return texts.render("emergency_advice", language, hotline=settings.hotline_name, numbers=numbers,
                        reference=case.reference)  # fmt: skip


def raise_alarm(session: Session, case: Case, reasons: tuple[str, ...], services: tuple[str, ...]) -> bool:
    """Alert every supervisor about an urgent case (once per case); return whether an alert went out now."""
    already = session.exec(
        select(col(CaseEvent.id)).where(CaseEvent.case_id == id_of(case), CaseEvent.kind == "emergency_alert")
    ).first()
    if already is not None:
        return False
    text = _alert_text(session, case, reasons)
    notifications.notify_role(session, "supervisor", None, ALERT, text, id_of(case))
    reached = [_send(session, urn, text) for urn in _alert_addresses(session)]
    events.record(
        session, id_of(case), "emergency_alert", reasons=list(reasons), services=list(services),
        alerted=[urn for urn in reached if urn],
    )  # fmt: skip
    return True


def _alert_text(session: Session, case: Case, reasons: tuple[str, ...]) -> str:
    department = session.get(Department, case.department_id)
    where = department.name("zh") if department else ""
    what = ", ".join(reasons)
    return (
        f"紧急：工单 {case.reference}（{where}）{case.summary[:60]} · "
        f"URGENT case {case.reference} ({what}): {case.summary[:60]}"
    )


def _alert_addresses(session: Session) -> list[str]:
    """Return the URNs where urgent alerts reach supervisors and admins outside the pages."""
    region = current().settings.default_region
    staff = session.exec(select(User).where(col(User.active).is_(True), col(User.role).in_(ALERT_ROLES))).all()
    found: list[str] = []
    for user in staff:
        if user.phone:
            with suppress(InvalidURN):  # the admin page checks numbers; an old, unreadable one is skipped
                found.append(tel(user.phone, region))
        if user.email:
            found.append(f"mailto:{user.email}")
    return list(dict.fromkeys(found))


def _send(session: Session, urn: str, text: str) -> str | None:
    """Queue the alert to one member of staff; it is not part of the citizen's conversation, so no case."""
    kind = registry.sender_for(urn.partition(":")[0])
    channel = registry.get(current().channels, kind) if kind else None
    if channel is None or not channel.enabled:
        return None
    queue_message(session, urn, channel.kind, text, ALERT, None)
    return urn
