"""Free agents are rung for the longest-waiting callers, through the Calls API, and Twilio's reports drive each call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback.callbacks.models import CallbackRequest
from feedback.calls import dispatch, presence
from feedback.calls.models import ANSWERED, AWAY, ENDED, QUEUED, TALKING, AgentLine, CallOffer, LiveCall
from staff.models import User
from tests.feedback.calls.conftest import make_agent
from tests.helpers.calls import AgentPhone, Caller
from tests.helpers.twilio import spoken, verbs
from tests.helpers.worker import work

WANG_PHONE, LI_PHONE = "+8613911110001", "+8613911110002"


def _call(runtime, sid: str) -> LiveCall:
    with Session(runtime.engine) as session:
        return session.exec(select(LiveCall).where(LiveCall.call_sid == sid)).one()


def _line(runtime, user_id: int) -> AgentLine:
    with Session(runtime.engine) as session:
        return session.get(AgentLine, user_id)


def _queued(client, runtime, twilio, number: str = "+8613800138000") -> Caller:
    caller = Caller(client, runtime, twilio, number=number)
    caller.press("0")
    return caller


def test_an_available_agent_is_rung_for_the_caller_and_the_talk_is_recorded(client, runtime, twilio):
    wang = make_agent(runtime, "wang", WANG_PHONE)
    caller = _queued(client, runtime, twilio)
    work(runtime)

    phone = AgentPhone(caller)
    assert phone.number == WANG_PHONE and twilio.calls.queue_of(caller.sid) is None
    phone.status("ringing")
    phone.status("in-progress")
    assert _call(runtime, caller.sid).state == TALKING
    heard = phone.dial_ends("completed", 95, "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1")
    phone.status("completed", 95)
    caller.hang_up()
    work(runtime)

    call = _call(runtime, caller.sid)
    assert (call.outcome, call.agent_id, call.talk_seconds) == (ANSWERED, wang, 95)
    assert call.recording_url.endswith("/RE1")
    assert "感谢您的来电" in spoken(heard) and verbs(heard)[-1] == "Hangup"
    assert _line(runtime, wang).call_id is None  # free for the next caller
    with Session(runtime.engine) as session:
        assert session.exec(select(CallbackRequest)).all() == []  # a call an agent took needs no call-back


def test_the_longest_waiting_caller_goes_first(client, runtime, twilio):
    first = _queued(client, runtime, twilio)
    second = _queued(client, runtime, twilio, "+8613800138001")
    make_agent(runtime, "wang", WANG_PHONE)
    work(runtime)
    assert twilio.calls.dial(first.sid) is not None and twilio.calls.dial(second.sid) is None
    assert twilio.calls.queue_of(second.sid) == "zh"


def test_an_unanswered_offer_goes_to_the_next_agent_and_two_misses_set_an_agent_away(client, runtime, twilio):
    wang = make_agent(runtime, "wang", WANG_PHONE)
    caller = _queued(client, runtime, twilio)
    work(runtime)
    li = make_agent(runtime, "li", LI_PHONE)

    heard = AgentPhone(caller).miss()
    assert heard.find("Enqueue").text == "zh" and "请继续稍候" in spoken(heard)
    caller._follow(heard)
    work(runtime)
    assert AgentPhone(caller).number == LI_PHONE
    assert _line(runtime, wang).misses == 1 and _line(runtime, wang).presence == "available"

    AgentPhone(caller).miss()
    work(runtime)
    assert AgentPhone(caller).number == WANG_PHONE  # back to the first, who misses again
    AgentPhone(caller).miss()
    assert _line(runtime, wang).presence == AWAY and _line(runtime, li).presence == "available"


def test_agents_without_a_phone_are_never_offered_calls_nor_may_they_be_available(client, runtime, twilio):
    zhao = make_agent(runtime, "zhao", phone=None, available=False)
    with Session(runtime.engine) as session:
        user = session.get(User, zhao)
        with pytest.raises(presence.LineRefusal):
            presence.set_presence(session, user, "available")
        session.execute(update(AgentLine).where(col(AgentLine.user_id) == zhao).values(presence="available"))
        session.commit()
    caller = _queued(client, runtime, twilio)
    work(runtime)
    assert twilio.calls.dial(caller.sid) is None and _call(runtime, caller.sid).state == QUEUED


def test_agents_only_get_calls_of_the_queues_they_serve(client, runtime, twilio):
    make_agent(runtime, "smith", WANG_PHONE, queues=("en",))
    caller = _queued(client, runtime, twilio)
    work(runtime)
    assert twilio.calls.dial(caller.sid) is None


def test_duplicate_and_out_of_order_reports_leave_one_answered_call(client, runtime, twilio):
    wang = make_agent(runtime, "wang", WANG_PHONE)
    caller = _queued(client, runtime, twilio)
    work(runtime)
    phone = AgentPhone(caller)

    phone.status("completed", 40)  # the ringing and in-progress reports come late
    phone.status("ringing")
    phone.status("in-progress")
    phone.status("completed", 40)
    phone.dial_ends("completed", 40)

    call = _call(runtime, caller.sid)
    assert (call.state, call.outcome, call.talk_seconds, call.agent_id) == (ENDED, ANSWERED, 40, wang)
    with Session(runtime.engine) as session:
        assert [o.state for o in session.exec(select(CallOffer))] == ["done"]
    assert _line(runtime, wang).call_id is None and _line(runtime, wang).misses == 0


def test_a_redirect_twilio_refuses_leaves_the_caller_waiting_for_the_next_try(client, runtime, twilio):
    wang = make_agent(runtime, "wang", WANG_PHONE)
    runtime.redis.flushdb()  # only the caller's arrival asks for a dispatch
    twilio.calls.fail_next_update(503, 20503, "Service unavailable")
    caller = _queued(client, runtime, twilio)
    work(runtime)
    assert twilio.calls.queue_of(caller.sid) == "zh" and _call(runtime, caller.sid).state == QUEUED
    assert _line(runtime, wang).call_id is None

    runtime.queue("scheduled").enqueue("jobs.calls.reconcile")
    work(runtime)
    assert AgentPhone(caller).number == WANG_PHONE


def test_a_worker_that_dies_mid_offer_leaves_the_caller_queued_and_the_reconcile_offers_again(client, runtime, twilio):
    wang = make_agent(runtime, "wang", WANG_PHONE)
    caller = Caller(client, runtime, twilio)
    runtime.redis.flushdb()  # no dispatch job: the worker "dies" after claiming, before asking Twilio
    caller.press("0")
    runtime.redis.flushdb()
    with runtime.session() as session:
        assert dispatch.claim(session) is not None
    with Session(runtime.engine) as session:
        session.execute(update(CallOffer).values(offered_at=utcnow() - timedelta(minutes=5)))
        session.commit()
    assert twilio.calls.queue_of(caller.sid) == "zh"  # Twilio never heard: the caller still waits

    runtime.queue("scheduled").enqueue("jobs.calls.reconcile")
    work(runtime)

    assert AgentPhone(caller).number == WANG_PHONE and _line(runtime, wang).misses == 0
    with Session(runtime.engine) as session:
        assert [o.state for o in session.exec(select(CallOffer).order_by(col(CallOffer.id)))] == ["lost", "offered"]


def test_a_caller_who_hangs_up_while_an_agent_rings_is_abandoned_and_frees_the_agent(client, runtime, twilio):
    wang = make_agent(runtime, "wang", WANG_PHONE)
    caller = _queued(client, runtime, twilio)
    work(runtime)
    phone = AgentPhone(caller)
    phone.status("ringing")
    caller.hang_up()
    phone.status("canceled")
    work(runtime)
    assert _call(runtime, caller.sid).outcome == "abandoned" and _line(runtime, wang).call_id is None
    assert _line(runtime, wang).misses == 0


def test_a_hang_up_twilio_never_reported_is_found_through_the_calls_api_and_called_back(client, runtime, twilio):
    caller = _queued(client, runtime, twilio)
    twilio.calls.end(caller.sid)  # the caller hung up; neither the queue's action nor the final status arrived
    with Session(runtime.engine) as session:
        session.execute(update(LiveCall).values(arrived_at=utcnow() - timedelta(hours=1)))
        session.commit()

    runtime.queue("scheduled").enqueue("jobs.calls.reconcile")
    work(runtime)

    assert _call(runtime, caller.sid).outcome == "abandoned" and caller.sid in twilio.calls.fetched
    with Session(runtime.engine) as session:
        [request] = session.exec(select(CallbackRequest)).all()
    assert request.urn == "tel:+8613800138000"
    caller.hang_up()  # the lost callback turns up at last: still one request
    work(runtime)
    with Session(runtime.engine) as session:
        assert len(session.exec(select(CallbackRequest)).all()) == 1


def test_a_caller_still_waiting_is_left_alone_by_the_reconcile(client, runtime, twilio):
    caller = _queued(client, runtime, twilio)
    runtime.queue("scheduled").enqueue("jobs.calls.reconcile")
    work(runtime)
    assert _call(runtime, caller.sid).state == QUEUED and twilio.calls.fetched == []


def test_a_talk_whose_reports_were_lost_is_read_back_from_the_calls_api(client, runtime, twilio):
    wang = make_agent(runtime, "wang", WANG_PHONE)
    caller = _queued(client, runtime, twilio)
    work(runtime)
    phone = AgentPhone(caller)
    phone.status("ringing")
    phone.status("in-progress", lost=True)
    phone.status("completed", 80, lost=True)  # and the Dial's action never came either
    with Session(runtime.engine) as session:
        session.execute(update(CallOffer).values(offered_at=utcnow() - timedelta(minutes=10)))
        session.commit()

    runtime.queue("scheduled").enqueue("jobs.calls.reconcile")
    work(runtime)

    call = _call(runtime, caller.sid)
    assert (call.outcome, call.talk_seconds, call.agent_id) == (
        ANSWERED,
        80,
        wang,
    ) and phone.leg in twilio.calls.fetched
    assert _line(runtime, wang).call_id is None
