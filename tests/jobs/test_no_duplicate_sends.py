"""A message whose sender died mid-send is looked for at the provider before it goes again: the citizen gets it once.

Real `python worker.py` processes against a Twilio stand-in that keeps a message at once but answers late (a slow
provider); the worker is SIGKILLed while it waits for that answer.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select, update

from channels.models import SENDING, SENT, Interaction
from core.clock import utcnow
from feedback.answers.outbox import queue_message
from feedback.cases.models import Case
from jobs import outbound, sweeper
from tests.helpers.cases import quick_case
from tests.helpers.processes import WorkerProcesses, wait_until, worker_environment
from tests.helpers.twilio import CITIZEN

REPLY = "您反映的问题已受理，工单号 123456789。"


@pytest.fixture
def workers(settings, redis_url, tmp_path):
    processes = WorkerProcesses(worker_environment(settings, redis_url), tmp_path)
    yield processes
    processes.stop_all()


def _reply(runtime, text: str = REPLY, case_id: int | None = None) -> int:
    """Queue a reply by SMS to the citizen of a case (a new one by default), as an agent's would be; return its id."""
    case_id = case_id or quick_case(runtime)
    with runtime.session() as session:
        case = session.get(Case, case_id)
        message = queue_message(session, "tel:" + CITIZEN, "sms", text, "agent_reply", case.citizen_id, case)
        session.flush()
        return message.id


def _row(runtime, row_id: int) -> Interaction:
    with Session(runtime.engine) as session:
        return session.get(Interaction, row_id)


def _lease_runs_out(runtime) -> None:
    """Two minutes pass: the dead sender's lease expires and the sweeper releases the message."""
    with runtime.session() as session:
        session.exec(
            update(Interaction)
            .where(col(Interaction.status) == SENDING)
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
    assert sweeper.sweep(runtime)["released"] == 1


@pytest.mark.slow
def test_a_reply_whose_worker_was_killed_while_twilio_was_slow_reaches_the_citizen_once(runtime, twilio, workers):
    twilio.answer_delay = 30.0  # Twilio keeps the message at once and answers half a minute later
    row_id = _reply(runtime)
    first = workers.start()
    twilio.wait_for(1, timeout=30)
    wait_until(lambda: _row(runtime, row_id).status == SENDING, 10, what="the send in flight")
    workers.kill(first)  # SIGKILL: the SID Twilio gave never reaches the database
    twilio.answer_delay = 0.0

    _lease_runs_out(runtime)
    workers.start()
    wait_until(lambda: _row(runtime, row_id).status == SENT, 30, what="the message recorded as sent")

    assert [m["body"] for m in twilio.messages] == [REPLY]  # once
    assert twilio.listed >= 1  # because the worker asked Twilio first
    assert _row(runtime, row_id).external_id == twilio.messages[0]["sid"]  # delivery reports find the row


def test_a_message_twilio_never_got_is_sent_on_the_retry(runtime, twilio):
    twilio.fail_next(500, 20500, "Internal Server Error")
    row_id = _reply(runtime)
    outbound.drain()
    assert twilio.messages == [] and _row(runtime, row_id).status == "queued"
    with runtime.session() as session:
        session.exec(update(Interaction).where(Interaction.id == row_id).values(next_attempt_at=None))
    outbound.drain()
    assert [m["body"] for m in twilio.messages] == [REPLY] and twilio.listed == 1
    assert _row(runtime, row_id).status == SENT


def test_two_replies_that_read_alike_both_go_though_one_was_retried(runtime, twilio):
    first = _reply(runtime, "好的")
    outbound.drain()
    second = _reply(runtime, "好的", case_id=_row(runtime, first).case_id)
    with runtime.session() as session:
        session.exec(update(Interaction).where(Interaction.id == second).values(attempts=1))  # as if once tried
    outbound.drain()
    assert [m["body"] for m in twilio.messages] == ["好的", "好的"] and twilio.listed == 1
    assert _row(runtime, first).external_id != _row(runtime, second).external_id


def test_a_full_batch_holds_its_messages_for_as_long_as_its_sends_can_take(runtime, twilio):
    for _ in range(outbound.BATCH_SIZE):
        _reply(runtime, case_id=None)
    started = utcnow()
    claimed, _followed = outbound.claim(runtime, outbound.BATCH_SIZE)
    rounds = outbound.BATCH_SIZE // outbound.SEND_THREADS
    with Session(runtime.engine) as session:
        leases = {row.next_attempt_at for row in session.exec(select(Interaction).where(Interaction.status == SENDING))}
    # The last message waits behind seven rounds of 30 s sends: a two-minute lease would let the sweeper
    # hand it to a second worker while the first is still going to send it.
    assert len(claimed) == outbound.BATCH_SIZE and len(leases) == 1
    assert leases.pop() - started >= timedelta(minutes=2) + (rounds - 1) * timedelta(seconds=30)
    assert sweeper.sweep(runtime)["released"] == 0
