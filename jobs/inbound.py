"""Process stored contacts: who is it (router.identity), where does it go (router.departments), which case
(feedback.cases), and what do we answer (feedback.replies). Batches keep the database round trips few."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import Session, col, or_, select

from channels.models import FAILED, INBOUND, PROCESSED, RECEIVED, Interaction
from core import queues, signals
from core.clock import utcnow
from core.runtime import Runtime, current
from feedback import cases, dialogue, messages
from feedback.replies import queue_message
from router import identity, language
from router.departments import KeywordRouter
from router.models import Department

log = logging.getLogger(__name__)
BATCH_SIZE = 50
MAX_ATTEMPTS = 3


def drain() -> int:
    """Process every waiting contact (the rq job behind the inbound queue); return how many."""
    runtime = current()
    signals.clear_request(runtime.redis, queues.INBOUND)
    total = 0
    while (count := process_batch(runtime)) > 0:
        total += count
    return total


def process_batch(runtime: Runtime, limit: int = BATCH_SIZE) -> int:
    """Claim and process up to `limit` contacts in one transaction; return how many were claimed."""
    replies = 0
    with runtime.session() as session:
        contacts = _claim(session, limit)
        if not contacts:
            return 0
        router = KeywordRouter(list(session.exec(select(Department))))
        for contact in contacts:
            replies += _process_isolated(session, runtime, router, contact)
    if replies:
        signals.request_drain(runtime.queue(queues.OUTBOUND), "jobs.outbound.drain")
    return len(contacts)


def _claim(session: Session, limit: int) -> list[Interaction]:
    now = utcnow()
    query = (
        select(Interaction)
        .where(Interaction.direction == INBOUND, Interaction.status == RECEIVED)
        .where(or_(col(Interaction.next_attempt_at).is_(None), col(Interaction.next_attempt_at) <= now))
        .order_by(col(Interaction.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.exec(query))


def _process_isolated(session: Session, runtime: Runtime, router: KeywordRouter, contact: Interaction) -> int:
    # One poisoned contact must not hold back the batch: its savepoint rolls back,
    # the error is kept on the row, and it is retried later, then marked failed.
    try:
        with session.begin_nested():
            return process_contact(session, runtime, router, contact)
    except Exception as exc:
        log.exception("contact %s failed", contact.id)
        contact.attempts += 1
        contact.error = f"{type(exc).__name__}: {exc}"[:2000]
        contact.status = FAILED if contact.attempts >= MAX_ATTEMPTS else RECEIVED
        contact.next_attempt_at = utcnow() + timedelta(seconds=30 * contact.attempts)
        session.add(contact)
        return 0


def process_contact(session: Session, runtime: Runtime, router: KeywordRouter, contact: Interaction) -> int:
    """Run one contact through identity, dialogue, routing and the case; return how many replies it queued."""
    settings = runtime.settings
    spoken = language.detect(contact.text, settings.default_language)
    citizen, _ = identity.resolve(session, contact.urn, spoken)
    reply_language = citizen.language or spoken
    contact.citizen_id = citizen.id
    contact.status, contact.processed_at = PROCESSED, utcnow()
    session.add(contact)
    reply_channel = contact.channel
    if dialogue.is_status_request(contact.text):
        text = dialogue.status_reply(session, citizen.id, reply_language, settings.hotline_name)
        queue_message(session, contact.urn, reply_channel, text, "status", citizen.id)
        return 1
    case = cases.open_case_of(session, citizen.id)
    joined = case is not None
    if case is None:
        case = cases.open_case(session, citizen, contact, router.route(contact.text), reply_language)
    cases.attach(session, case, contact, joined)
    department = session.get(Department, case.department_id)
    key = "case_joined" if joined else "case_opened"
    text = messages.render(
        key,
        reply_language,
        hotline=settings.hotline_name,
        reference=case.reference,
        department=department.name(reply_language) if department else "",
    )
    queue_message(session, contact.urn, reply_channel, text, "acknowledgement", citizen.id, case)
    return 1
