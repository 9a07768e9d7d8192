"""The case page's box of missed deadlines waiting for an acknowledgement (督办), and the form that gives one."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlmodel import Session

from feedback.cases.actions import ActionError
from feedback.cases.models import Case
from feedback.sla import breaches
from feedback.sla.policies import load_calendar
from web.access import Actor


@dataclass(frozen=True)
class OpenBreach:
    """A missed deadline as the page shows it: times already in the hotline's zone, with the zone's name."""

    id: int
    clock: str
    due: str
    breached: str
    level: int
    zone: str


def open_breaches(session: Session, case: Case) -> list[OpenBreach]:
    """Return the case's unacknowledged breaches, with local times."""
    zone = load_calendar(session).zone
    return [
        OpenBreach(
            id=breach.id or 0,
            clock=breach.clock,
            due=breach.due_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            breached=breach.breached_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            level=breach.escalation_level,
            zone=str(zone),
        )
        for breach in breaches.unacknowledged(session, case.id or 0)
    ]


def acknowledge_from_form(session: Session, case: Case, actor: Actor, form) -> None:
    """Acknowledge one breach: the case's assignee or a supervisor, with a note of what was done."""
    if not actor.at_least("supervisor") and case.assignee_id != actor.user_id:
        raise ActionError(_("only the case's assignee or a supervisor acknowledges a missed deadline"))
    raw = form.get("breach_id", "")
    breaches.acknowledge(session, case, int(raw) if raw.isdigit() else -1, form.get("note", ""), actor.name)


def local_time(session: Session):
    """Return a function writing a moment in the hotline's time zone, for the page (with the zone's name)."""
    zone = load_calendar(session).zone
    return lambda moment: f"{moment.astimezone(zone):%Y-%m-%d %H:%M} ({zone})" if moment else ""
