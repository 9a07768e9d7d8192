"""督办: a missed deadline is acknowledged by someone who says what they did, and climbs until it is.

A breach starts at level 1: the assignee and the department's supervisors see it
in their notification area, and the department head (if the department names a
mobile or an email) gets a text or a mail. Left unacknowledged for
BREACH_ESCALATION_MINUTES it goes up to level 2, the hotline centre: admins are
told, and the head again. Every step is an event on the case.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from channels import registry
from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from core.runtime import current
from core.urns import InvalidURN, tel
from feedback.answers.outbox import queue_message
from feedback.cases import events, notifications
from feedback.cases.models import Case, StaffNotification
from feedback.cases.statuses import OPEN_STATUSES
from feedback.sla import timers
from feedback.sla.models import SlaBreach
from staff.models import Department

BREACH = "sla_breach"  # the staff notification's kind, and the purpose of the texts to department heads
ESCALATED = "sla_escalated"
TOP_LEVEL = 2  # 1: the department; 2: the hotline centre
MAX_NOTE = 2000
ESCALATION_BATCH = 200


class AcknowledgementError(Refusal):
    """A breach that cannot be acknowledged as asked; nothing was changed."""


def announce(session: Session, case: Case, breach: SlaBreach, text: str) -> None:
    """Tell the assignee, the department's supervisors and the department head about a new breach."""
    notifications.notify_role(session, "supervisor", case.department_id, BREACH, text, case.id)
    if case.assignee_id is not None:
        notifications.notify_user(session, case.assignee_id, BREACH, text, case.id)
    head = tell_head(session, case.department_id, text)
    events.record(session, id_of(case), "breach_announced", level=1, clock=breach.clock, head=head)


def acknowledge(session: Session, case: Case, breach_id: int, note: str, actor: str) -> SlaBreach:
    """Record who acknowledged a breach of this case and what they did; its alerts leave everyone's list."""
    note = note.strip()
    if not note:
        raise AcknowledgementError("say what was done about the missed deadline")
    if len(note) > MAX_NOTE:
        raise AcknowledgementError("the note is longer than %(limit)d characters", limit=MAX_NOTE)
    breach = session.get(SlaBreach, breach_id, with_for_update=True)
    if breach is None or breach.case_id != case.id:
        raise AcknowledgementError("no such missed deadline on this case")
    if breach.acknowledged_at is not None:
        raise AcknowledgementError("already acknowledged by %(name)s", name=breach.acknowledged_by or "?")
    breach.acknowledged_at, breach.acknowledged_by, breach.acknowledgement = utcnow(), actor, note
    session.add(breach)
    if not unacknowledged(session, id_of(case)):
        _mark_alerts_read(session, id_of(case))
    events.record(
        session, id_of(case), "breach_acknowledged", actor=actor, clock=breach.clock, level=breach.escalation_level,
        note=note,
    )  # fmt: skip
    return breach


def unacknowledged(session: Session, case_id: int) -> list[SlaBreach]:
    """Return a case's breaches nobody has acknowledged yet, oldest first."""
    query = select(SlaBreach).where(SlaBreach.case_id == case_id, col(SlaBreach.acknowledged_at).is_(None))
    return list(session.exec(query.order_by(col(SlaBreach.id))))


def count_unacknowledged(session: Session, department_ids: list[int] | None = None) -> int:
    """Count breaches still waiting for an acknowledgement (in some departments, if given)."""
    query = select(func.count()).select_from(SlaBreach).where(col(SlaBreach.acknowledged_at).is_(None))
    if department_ids is not None:
        query = query.where(col(SlaBreach.department_id).in_(department_ids))
    return int(session.exec(query).one())


def escalate_due(session: Session, now: datetime, after: timedelta) -> int:
    """Raise every breach left unacknowledged for `after` at its level by one (open cases only); return how many."""
    due = session.exec(
        select(SlaBreach)
        .join(Case, col(Case.id) == col(SlaBreach.case_id))
        .where(col(SlaBreach.acknowledged_at).is_(None), col(SlaBreach.escalation_level) < TOP_LEVEL)
        .where(func.coalesce(col(SlaBreach.escalated_at), col(SlaBreach.breached_at)) <= now - after)
        .where(col(Case.status).in_(OPEN_STATUSES))
        .order_by(col(SlaBreach.id))
        .limit(ESCALATION_BATCH)
        .with_for_update(of=SlaBreach, skip_locked=True)
    ).all()
    for breach in due:
        _escalate(session, breach, now)
    return len(due)


def _escalate(session: Session, breach: SlaBreach, now: datetime) -> None:
    case = session.get(Case, breach.case_id)
    assert case is not None  # joined above
    breach.escalation_level += 1
    breach.escalated_at = now
    session.add(breach)
    waited = int((now - breach.breached_at).total_seconds() // 60)
    text = (
        f"督办升级：工单 {case.reference} 超时 {waited} 分钟仍无人确认 · "
        f"Escalated: case {case.reference} missed its deadline {waited} min ago and nobody has acknowledged it"
    )
    notifications.notify_role(session, "admin", None, ESCALATED, text, case.id)
    head = tell_head(session, case.department_id, text)
    events.record(session, id_of(case), "breach_escalated", level=breach.escalation_level, clock=breach.clock,
                  minutes=waited, head=head)  # fmt: skip


def tell_head(session: Session, department_id: int, text: str) -> str | None:
    """Text or mail the department head, if the department names one and the channel is on; return where."""
    department = session.get(Department, department_id)
    contact = (department.head_contact or "").strip() if department else ""
    if not contact:
        return None
    urn = head_urn(contact)
    kind = registry.sender_for(urn.partition(":")[0]) if urn else None
    channel = registry.get(current().channels, kind) if kind else None
    if urn is None or channel is None or not channel.enabled:
        return None
    queue_message(session, urn, channel.kind, text, BREACH, None)
    timers.want_outbound_drain(session)
    return urn


def head_urn(contact: str) -> str | None:
    """Return the URN of a head's contact as typed (an email, or a phone number), or None when it is neither."""
    if "@" in contact:
        return f"mailto:{contact}"
    with suppress(InvalidURN):
        return tel(contact, current().settings.default_region)
    return None


def _mark_alerts_read(session: Session, case_id: int) -> None:
    session.execute(
        update(StaffNotification)
        .where(col(StaffNotification.case_id) == case_id, col(StaffNotification.kind).in_((BREACH, ESCALATED)))
        .where(col(StaffNotification.read_at).is_(None))
        .values(read_at=utcnow())
    )
