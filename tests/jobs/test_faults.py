"""Faults a real deployment meets: Redis going away, and a worker killed in the middle of its work.

These tests run their own redis-server on a free port (so they can stop it)
and real `python worker.py` processes, against the local Twilio API.
"""

from __future__ import annotations

import signal
import time

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from channels.models import INBOUND, OUTBOUND, PROCESSED, RECEIVED, SENDING, Interaction
from feedback.cases.models import Case, CaseEvent
from feedback.incidents.models import CaseFingerprint
from router.identity.models import Citizen, Identity
from tests.helpers import fixture
from tests.helpers.processes import RedisServer, WorkerProcesses, wait_until, worker_environment
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import contacts_waiting

pytestmark = pytest.mark.slow
CONTACTS_IN_BATCH_TEST = 200
_readers: dict[str, Engine] = {}


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    """Point the app (and the workers) at the test's own Redis instead of the shared one."""
    return redis_server.url


@pytest.fixture
def workers(settings, redis_server, tmp_path):
    processes = WorkerProcesses(worker_environment(settings, redis_server.url), tmp_path)
    yield processes
    processes.stop_all()


def _sms_from(number: str, index: int) -> dict:
    sid = f"SM{index:032x}"
    return dict(fixture("twilio/sms_incoming_zh.json"), From=number, MessageSid=sid, SmsSid=sid, SmsMessageSid=sid)


def _count(runtime, model, *where) -> int:
    # A plain engine: the app's SQLite engine takes the write lock even to read, and would queue behind the worker.
    engine = _readers.get(runtime.settings.database_url) or create_engine(runtime.settings.database_url)
    _readers[runtime.settings.database_url] = engine
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_a_text_sent_while_redis_is_down_is_answered_at_once_and_processed_when_redis_returns(
    client, runtime, twilio, redis_server, workers
):
    worker = workers.start()
    workers.wait_ready(runtime.redis)
    redis_server.stop()

    started = time.monotonic()
    response = twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    answered_in = time.monotonic() - started

    assert response.status_code == 200 and "<Response>" in response.get_data(as_text=True)
    assert answered_in < 1.0, f"the webhook took {answered_in:.2f}s with Redis down"
    assert contacts_waiting(runtime) == 1
    time.sleep(1.5)  # long enough for the worker's rq loop and its sweeper to meet the outage
    assert worker.poll() is None, "the worker exited when Redis went away:\n" + workers.logs()

    redis_server.start()
    [sms] = twilio.wait_for(1, timeout=30)
    assert sms["to"] == "+8613800138000" and "已受理" in sms["body"], workers.logs()
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        contact = session.exec(select(Interaction).where(Interaction.direction == INBOUND)).one()
    assert contact.status == PROCESSED and contact.case_id == case.id and case.reference in sms["body"]


def test_the_webhook_stays_fast_while_redis_is_down_for_a_burst_of_texts(client, runtime, redis_server):
    redis_server.stop()
    started = time.monotonic()
    statuses = {
        twilio_post(client, runtime.settings, "/channels/sms", _sms_from(f"+86138001{i:05d}", i)).status_code
        for i in range(20)
    }
    elapsed = time.monotonic() - started
    assert statuses == {200}
    assert elapsed < 2.0, f"20 webhooks took {elapsed:.2f}s with Redis down"
    assert contacts_waiting(runtime) == 20


def test_a_worker_killed_in_the_middle_of_a_batch_leaves_nothing_half_written_and_a_new_worker_processes_each_text_once(
    client, runtime, twilio, workers
):
    numbers = [f"+86139{i:08d}" for i in range(CONTACTS_IN_BATCH_TEST)]
    for index, number in enumerate(numbers):
        assert twilio_post(client, runtime.settings, "/channels/sms", _sms_from(number, index)).status_code == 200
    first = workers.start()
    processed = wait_until(
        lambda: _count(runtime, Interaction, col(Interaction.status) == PROCESSED), 60, 0.005, "a first batch"
    )
    workers.kill(first)

    done = _count(runtime, Interaction, col(Interaction.status) == PROCESSED)
    assert processed <= done < len(numbers), "the worker finished before it could be killed mid-job"
    _assert_each_processed_contact_is_whole(runtime, done)
    assert twilio.messages == []  # the worker died inside the inbound job, before any send

    workers.start()
    messages = twilio.wait_for(len(numbers), timeout=90)
    time.sleep(1.0)  # a duplicate, if there were one, would arrive in this time
    assert sorted(m["to"] for m in twilio.messages) == numbers, workers.logs()
    _assert_each_processed_contact_is_whole(runtime, len(numbers))
    assert len({m["body"] for m in messages}) == len(numbers)  # one reference each


def _assert_each_processed_contact_is_whole(runtime, processed: int) -> None:
    """Check that every processed contact has exactly its citizen, case, event and reply, and nothing else exists."""
    with Session(runtime.engine) as session:
        contacts = list(session.exec(select(Interaction).where(Interaction.direction == INBOUND)))
        done = [c for c in contacts if c.status == PROCESSED]
        waiting = [c for c in contacts if c.status == RECEIVED]
        replies = list(session.exec(select(Interaction).where(Interaction.direction == OUTBOUND)))
    assert len(done) == processed and len(done) + len(waiting) == len(contacts)
    assert all(c.case_id is not None and c.citizen_id is not None for c in done)
    assert all(c.case_id is None and c.citizen_id is None for c in waiting)
    assert sorted(r.case_id for r in replies) == sorted(c.case_id for c in done)
    for model in (Case, Citizen, Identity, CaseFingerprint):
        assert _count(runtime, model) == processed, model.__name__
    assert _count(runtime, CaseEvent, CaseEvent.kind == "opened") == processed
    # The same text from many numbers is one incident: each case linked to it says so once.
    linked = _count(runtime, CaseFingerprint, col(CaseFingerprint.incident_id).is_not(None))
    assert _count(runtime, CaseEvent, CaseEvent.kind == "incident_linked") == linked
    assert _count(runtime, CaseEvent) == processed + linked


def test_a_worker_survives_redis_restarting_under_it_and_keeps_working(client, runtime, twilio, redis_server, workers):
    worker = workers.start()
    workers.wait_ready(runtime.redis)
    for _ in range(2):
        redis_server.stop()
        time.sleep(1.0)
        redis_server.start()

    response = twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_en.json"))
    assert response.status_code == 200
    [sms] = twilio.wait_for(1, timeout=90)  # the worker's reconnect back-off is slower on a loaded machine
    assert sms["to"] == "+447700900123" and worker.poll() is None, workers.logs()


def test_healthz_reports_a_redis_outage_and_the_contacts_waiting_for_it(client, runtime, redis_server):
    healthy = client.get("/healthz")
    assert healthy.status_code == 200 and healthy.get_json()["queues"] == {
        "inbound": 0,
        "outbound": 0,
        "scheduled": 0,
        "outreach": 0,
    }

    redis_server.stop()
    twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    degraded = client.get("/healthz")

    body = degraded.get_json()
    assert degraded.status_code == 503 and body["status"] == "degraded"
    assert body["redis"].startswith("error") and body["database"] == "ok"
    assert body["backlog"]["contacts_waiting"] == 1 and body["backlog"]["replies_undeliverable"] == 0


def test_a_contact_that_breaks_a_step_is_kept_with_its_error_and_the_rest_of_its_batch_goes_through(
    client, runtime, monkeypatch
):
    from feedback.intake import steps
    from jobs import inbound

    def explode_on_poison(ctx) -> bool:
        if "POISON" in ctx.contact.text:
            raise ValueError("this step cannot handle the message")
        return False

    monkeypatch.setattr(steps, "STEPS", [explode_on_poison, *steps.STEPS])
    texts = ["路灯坏了", "POISON 路灯", "井盖丢了"]
    for index, text in enumerate(texts):
        form = dict(_sms_from(f"+86138002{index:05d}", 900 + index), Body=text)
        assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200

    assert inbound.drain() == 3
    with Session(runtime.engine) as session:
        contacts = {c.text: c for c in session.exec(select(Interaction).where(Interaction.direction == INBOUND))}
        cases = session.exec(select(Case)).all()
    poisoned = contacts["POISON 路灯"]
    assert poisoned.status == RECEIVED and poisoned.attempts == 1 and "cannot handle" in poisoned.error
    assert poisoned.case_id is None and poisoned.next_attempt_at is not None
    assert contacts["路灯坏了"].status == contacts["井盖丢了"].status == PROCESSED
    assert len(cases) == 2 and _count(runtime, Citizen) == 2


def test_a_worker_whose_redis_vanishes_in_the_middle_of_a_job_carries_on_when_it_returns(
    client, runtime, twilio, redis_server, workers
):
    worker = workers.start()
    workers.wait_ready(runtime.redis)
    twilio.hold()
    twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    wait_until(lambda: _count(runtime, Interaction, col(Interaction.status) == SENDING), 30, 0.02, "a send in flight")

    redis_server.stop()
    twilio.release()  # the job finishes while Redis is gone, so rq cannot even record it
    twilio.wait_for(1)
    time.sleep(2.0)
    assert worker.poll() is None, "the worker exited when Redis vanished mid-job:\n" + workers.logs()

    redis_server.start()
    response = twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_en.json"))
    assert response.status_code == 200
    messages = twilio.wait_for(2, timeout=30)
    assert [m["to"] for m in messages] == ["+8613800138000", "+447700900123"], workers.logs()


def test_a_worker_asked_to_stop_stops(runtime, workers):
    worker = workers.start()
    workers.wait_ready(runtime.redis)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(60) == 0, workers.logs()  # a warm stop lets the job in hand (a periodic one at start) finish
