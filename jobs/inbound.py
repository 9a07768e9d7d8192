"""Process stored contacts: recognise the citizen, then offer the contact to the inbound steps
(`feedback.intake.steps`) until one handles it. The last step always does: it opens a case or joins the
citizen's open one.

Batches of contacts share one transaction, which keeps database round trips few.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import timedelta

from sqlmodel import Session, col, or_, select

from channels import journal
from channels.models import FAILED, INBOUND, PROCESSED, RECEIVED, Interaction
from core import language, queues, signals
from core.clock import utcnow
from core.db import id_of
from core.runtime import Runtime, current
from feedback.intake import facts, steps
from feedback.intake.context import InboundContext
from feedback.intake.facts import CitizenFacts
from router.identity import recognise

log = logging.getLogger(__name__)
BATCH_SIZE = 100
# A batch's transaction holds SQLite's only write lock, which staff pages and the outbound
# workers wait for (webhooks write to their journal instead): a drain claims about as many
# contacts as it processes in this much CPU time.
BATCH_CPU_SECONDS = 0.1
MAX_ATTEMPTS = 3
# After a batch that took all there was, wait this long for more before the next one: at a
# steady trickle, batches of one contact each would spend most of their time on the batch itself.
GATHER_SECONDS = 0.02
JOURNAL_MOVE = 200  # contacts moved from the webhooks' journal per batch (SQLite), ahead of processing


def drain() -> int:
    """Process every waiting contact (the rq job behind the inbound queue); return how many."""
    runtime = current()
    # Only SQLite has one write lock for everybody; PostgreSQL locks just the claimed rows.
    budget = BATCH_CPU_SECONDS if runtime.engine.dialect.name == "sqlite" else float("inf")
    limit = BATCH_SIZE

    def one_batch() -> int:
        nonlocal limit
        started = time.thread_time()
        count = process_batch(runtime, limit)
        if count:  # claim next what the CPU budget lets one batch finish, at the pace just seen
            per_contact = max(time.thread_time() - started, 1e-6) / count
            previous, limit = limit, max(1, int(min(BATCH_SIZE, budget / per_contact)))
            if count < previous:
                time.sleep(GATHER_SECONDS)  # let a few more arrive: a batch costs about two contacts' work
        return count

    # On SQLite one inbound drain at a time: a second would only wait for the first's write lock
    # while its worker could be sending the replies.
    exclusive = runtime.engine.dialect.name == "sqlite"
    return signals.drain_until_idle(runtime.queue(queues.INBOUND), "jobs.inbound.drain", one_batch, exclusive=exclusive)


def process_batch(runtime: Runtime, limit: int = BATCH_SIZE) -> int:
    """Claim and process up to `limit` contacts in one short transaction; return how many were processed.

    The batch runs first without a savepoint per contact (they cost a fifth of the work). If
    any contact raises, the whole transaction rolls back and the batch runs again with each
    contact isolated, so the poisoned one is marked and the others go through. A step may thus
    run twice for a contact: steps keep their effects in the transaction (rows), not outside it.
    """
    try:
        done, replies = _run_batch(runtime, limit, isolated=False)
    except Exception:
        log.warning("a contact failed in a batch; processing the batch one contact at a time")
        done, replies = _run_batch(runtime, limit, isolated=True)
    if replies:
        signals.request_drain(runtime.queue(queues.OUTBOUND), "jobs.outbound.drain")
    return done


def _run_batch(runtime: Runtime, limit: int, isolated: bool) -> tuple[int, int]:
    journal_engine = journal.engine_for(runtime.engine)
    arrived = journal.read(journal_engine, JOURNAL_MOVE) if journal_engine is not None else []
    with runtime.session() as session:
        if arrived:
            journal.copy(session.connection(), arrived)
        contacts = _claim(session, limit)
        if isolated:
            replies = sum(_process_isolated(session, runtime, contact) for contact in contacts)
        else:
            replies = sum(steps.run(context) for context in _contexts(session, runtime, contacts))
        done = len(contacts)
    if arrived:  # only now that they are safely in the database
        assert journal_engine is not None  # entries come from the journal
        journal.forget(journal_engine, [row["id"] for row in arrived])
    return done, replies


def _contexts(session: Session, runtime: Runtime, contacts: list[Interaction]) -> Iterator[InboundContext]:
    """Recognise every contact's citizen and read what the steps ask about them, once for the batch."""
    default = runtime.settings.default_language
    spoken = [language.detect(contact.text, default) for contact in contacts]
    wanted: dict[str, str] = {}
    for contact, lang in zip(contacts, spoken, strict=True):
        wanted.setdefault(contact.urn, lang)
    recognised = recognise.resolve_many(session, wanted) if wanted else {}
    known = [id_of(r.citizen) for r in recognised.values() if not r.created]
    known_facts = facts.load(session, known, runtime.settings.reopen_window_days)
    seen: set[int] = set()
    for contact, lang in zip(contacts, spoken, strict=True):
        found = recognised[contact.urn]
        citizen, citizen_id = found.citizen, id_of(found.citizen)
        first = citizen_id not in seen
        seen.add(citizen_id)
        mine = (known_facts.get(citizen_id) or CitizenFacts()) if first else None
        contact.citizen_id = citizen_id
        contact.status, contact.processed_at = PROCESSED, utcnow()
        session.add(contact)
        yield InboundContext(
            session, runtime, contact, citizen, citizen.language or lang, facts=mine, shared_address=found.shared
        )


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


def _process_isolated(session: Session, runtime: Runtime, contact: Interaction) -> int:
    # One poisoned contact must not hold back the batch: its savepoint rolls back,
    # the error is kept on the row, and it is retried later, then marked failed.
    try:
        with session.begin_nested():
            return process_contact(session, runtime, contact)
    except Exception as exc:
        log.exception("contact %s failed", contact.id)
        contact.attempts += 1
        contact.error = f"{type(exc).__name__}: {exc}"[:2000]
        contact.status = FAILED if contact.attempts >= MAX_ATTEMPTS else RECEIVED
        contact.next_attempt_at = utcnow() + timedelta(seconds=30 * contact.attempts)
        session.add(contact)
        return 0


def process_contact(session: Session, runtime: Runtime, contact: Interaction) -> int:
    """Recognise the citizen and run the steps for one contact on its own; return how many replies were queued."""
    spoken = language.detect(contact.text, runtime.settings.default_language)
    citizen, _ = recognise.resolve(session, contact.urn, spoken)
    contact.citizen_id = citizen.id
    contact.status, contact.processed_at = PROCESSED, utcnow()
    session.add(contact)
    return steps.run(InboundContext(session, runtime, contact, citizen, citizen.language or spoken))
