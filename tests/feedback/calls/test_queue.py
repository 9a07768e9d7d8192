"""Callers who ask for an agent wait in a queue: what they hear, and what becomes of those nobody answers."""

from __future__ import annotations

from sqlmodel import Session, select

from feedback.callbacks.models import CallbackRequest
from feedback.calls.models import ABANDONED, CALLBACK, ENDED, OVERFLOW, QUEUED, LiveCall
from tests.feedback.calls.conftest import make_agent
from tests.helpers.calls import WITHHELD, Caller
from tests.helpers.twilio import spoken, verbs
from tests.helpers.worker import work


def _call(runtime, sid: str) -> LiveCall:
    with Session(runtime.engine) as session:
        return session.exec(select(LiveCall).where(LiveCall.call_sid == sid)).one()


def _callbacks(runtime) -> list[CallbackRequest]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(CallbackRequest)))


def test_the_greeting_offers_an_agent_and_key_0_queues_the_caller_by_language(client, runtime, twilio):
    caller = Caller(client, runtime, twilio)
    assert "人工服务请按0" in spoken(caller.call_in())

    heard = caller.press("0")

    assert verbs(heard) == ["Say", "Enqueue"] and heard.find("Enqueue").text == "zh"
    assert twilio.calls.queue_of(caller.sid) == "zh"
    assert _call(runtime, caller.sid).state == QUEUED
    english = Caller(client, runtime, twilio, number="+447700900123")
    assert english.press("0", lang="en").find("Enqueue").text == "en"


def test_a_waiting_caller_hears_their_place_the_expected_wait_and_the_keys_to_leave(client, runtime, twilio):
    first, second = Caller(client, runtime, twilio), Caller(client, runtime, twilio, number="+8613800138001")
    first.press("0")
    second.press("0")

    heard = second.wait()

    assert "您前面还有1位来电" in spoken(heard) and "预计等待约" in spoken(heard)
    assert "留言请按1" in spoken(heard) and heard.find("Gather").get("numDigits") == "1"
    assert "您是下一位" in spoken(first.wait())


def test_a_caller_who_hangs_up_while_waiting_is_abandoned_and_waits_for_a_call_back(client, runtime, twilio):
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    caller.wait()

    caller.queue_ends("hangup")
    caller.hang_up()
    caller.hang_up()  # Twilio repeats a callback now and then
    work(runtime)

    assert _call(runtime, caller.sid).outcome == ABANDONED
    [request] = _callbacks(runtime)
    assert request.urn == "tel:+8613800138000" and request.status == "waiting"


def test_a_hang_up_reported_only_by_the_final_status_still_becomes_a_call_back(client, runtime, twilio):
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    caller.hang_up()  # the queue's action request was lost
    work(runtime)
    assert _call(runtime, caller.sid).outcome == ABANDONED and len(_callbacks(runtime)) == 1


def test_pressing_2_while_waiting_asks_for_a_call_back_and_ends_the_call(client, runtime, twilio):
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    caller.wait()

    assert verbs(caller.key_while_waiting("2")) == ["Leave"]
    heard = caller.queue_ends("leave")
    caller.hang_up()
    work(runtime)

    assert "回电" in spoken(heard) and verbs(heard)[-1] == "Hangup"
    assert _call(runtime, caller.sid).outcome == CALLBACK and len(_callbacks(runtime)) == 1


def test_pressing_1_while_waiting_records_a_message(client, runtime, twilio):
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    caller.wait()
    caller.key_while_waiting("1")
    heard = caller.queue_ends("leave")
    assert verbs(heard)[:2] == ["Say", "Record"] and "说出您的诉求" in spoken(heard)


def test_a_caller_nobody_answers_in_time_is_offered_a_message_or_a_call_back(client, runtime, twilio):
    runtime.settings = runtime.settings.with_overrides(call_max_wait_seconds=60)
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    twilio.calls.clock = lambda: 10**6  # a long wait later
    assert verbs(caller.wait()) == ["Leave"]

    heard = caller.queue_ends("leave")
    assert "工作人员暂时都在忙" in spoken(heard) and heard.find("Record") is not None
    assert _call(runtime, caller.sid).outcome == OVERFLOW

    said = caller.post(caller.keys_url.removeprefix(runtime.settings.public_url), caller.fields(Digits="2"))
    caller.hang_up()
    work(runtime)
    assert "回电" in spoken(said) and len(_callbacks(runtime)) == 1


def test_a_withheld_number_may_wait_for_an_agent_but_is_offered_no_call_back(client, runtime, twilio):
    caller = Caller(client, runtime, twilio, number=WITHHELD)
    heard = caller.call_in()
    assert "号码已隐藏" in spoken(heard) and heard.find("Enqueue") is not None
    waiting = caller.wait()
    assert waiting.find("Gather") is None and "留言请按1" not in spoken(waiting)

    caller.queue_ends("hangup")
    assert caller.hang_up().status_code == 200
    work(runtime)
    call = _call(runtime, caller.sid)
    assert call.urn is None and call.state == ENDED and call.outcome == ABANDONED and _callbacks(runtime) == []


def test_the_expected_wait_shares_the_callers_ahead_among_the_agents_serving_the_queue(client, runtime, twilio):
    first, second = Caller(client, runtime, twilio), Caller(client, runtime, twilio, number="+8613800138001")
    first.press("0")
    second.press("0")
    assert "预计等待约6分钟" in spoken(second.wait())  # two places at three minutes each, nobody to share them

    make_agent(runtime, "wang", "+8613911110001")
    make_agent(runtime, "li", "+8613911110002")
    make_agent(runtime, "smith", "+8613911110003", queues=("en",))  # serves another queue: no help here
    assert "预计等待约3分钟" in spoken(second.wait())
