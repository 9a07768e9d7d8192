"""On SQLite, webhooks store contacts in their own journal: they answer while a worker holds the database."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time

import pytest
from sqlmodel import Session, func, select

from channels import journal
from channels.models import Interaction
from core import sqlite_writer
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


@pytest.mark.parametrize("holder", ["another program's transaction", "a stuck process's writer lock"])
def test_a_webhook_answers_503_with_retry_after_within_two_seconds_while_the_journal_is_locked(
    client, runtime, twilio, sqlite_only, holder
):
    path = str(journal.path_for(runtime.engine))
    form = fixture("twilio/sms_incoming_zh.json")
    if holder == "another program's transaction":
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        release = blocker.close
    else:
        fd = os.open(sqlite_writer.lock_path(path), os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        release = lambda: os.close(fd)  # noqa: E731
    try:
        started = time.monotonic()
        response = twilio_post(client, runtime.settings, "/channels/sms", form)
        took = time.monotonic() - started
    finally:
        release()
    assert response.status_code == 503 and took < 2.0
    assert response.headers["Retry-After"] == "5" and "please retry" in response.get_json()["error"]
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200  # the provider's retry
    assert journal.waiting(sqlite_only) == 1
