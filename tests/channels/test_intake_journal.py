"""On SQLite, webhooks store contacts in their own journal: they answer while a worker holds the database."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, func, select

from channels import journal
from channels.models import Interaction
from feedback.cases.models import Case
from jobs import inbound
from tests.helpers import fixture
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import work


def _count(runtime, model) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def sqlite_only(runtime):
    if journal.engine_for(runtime.engine) is None:
        pytest.skip("PostgreSQL locks rows, not the database: webhooks write to it directly, with no journal")
    return journal.engine_for(runtime.engine)


def test_a_webhook_answers_while_a_worker_holds_the_write_lock(client, runtime, twilio, sqlite_only):
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []

    def busy_worker() -> None:
        with runtime.session() as session:
            session.connection()  # BEGIN IMMEDIATE: the database's only write lock
            holding.set()
            release.wait(timeout=20)
            order.append("worker committed")

    worker = threading.Thread(target=busy_worker)
    worker.start()
    assert holding.wait(timeout=10)
    try:
        response = twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
        order.append(f"webhook answered {response.status_code}")
    finally:
        release.set()
        worker.join()
    assert order == ["webhook answered 200", "worker committed"]

    assert journal.waiting(sqlite_only) == 1 and _count(runtime, Interaction) == 0
    work(runtime)
    assert journal.waiting(sqlite_only) == 0
    assert _count(runtime, Case) == 1
    [sms] = twilio.wait_for(1)
    assert "已受理" in sms["body"]


def test_a_retry_is_ignored_both_in_the_journal_and_after_the_move(client, runtime, twilio, sqlite_only):
    form = fixture("twilio/sms_incoming_zh.json")
    twilio_post(client, runtime.settings, "/channels/sms", form)
    twilio_post(client, runtime.settings, "/channels/sms", form)  # while the first is still in the journal
    assert journal.waiting(sqlite_only) == 1
    work(runtime)
    twilio_post(client, runtime.settings, "/channels/sms", form)  # after a worker moved and processed it
    work(runtime)
    assert journal.waiting(sqlite_only) == 0
    assert _count(runtime, Case) == 1 and _count(runtime, Interaction) == 2  # the text once, one reply
    assert len(twilio.wait_for(1)) == 1


def test_entries_moved_by_a_worker_killed_before_it_forgot_them_are_processed_once(client, runtime, sqlite_only):
    twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    rows = journal.read(sqlite_only, 10)
    with runtime.engine.begin() as connection:  # the move committed; the worker died before `forget`
        journal.copy(connection, rows)
    assert journal.waiting(sqlite_only) == 1 and _count(runtime, Interaction) == 1

    assert inbound.process_batch(runtime) == 1
    assert inbound.process_batch(runtime) == 0
    assert journal.waiting(sqlite_only) == 0
    assert _count(runtime, Case) == 1
    assert _count(runtime, Interaction) == 2  # the contact once, and one acknowledgement
