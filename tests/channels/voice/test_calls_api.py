"""The Calls API as the voice channel uses it, against the local Twilio stand-in through the official client."""

from __future__ import annotations

import pytest

from channels.base import ChannelError
from channels.sms.send import client
from channels.voice import calls_api
from tests.helpers.fakes.twilio_calls import call_sid
from tests.helpers.twilio import CITIZEN, HOTLINE_NUMBER

DIAL = "<Response><Dial><Number>+8613911112222</Number></Dial></Response>"


def test_a_queued_caller_given_new_twiml_leaves_the_queue_and_the_update_is_recorded(settings, twilio):
    sid = call_sid()
    twilio.calls.incoming(sid, CITIZEN, HOTLINE_NUMBER)
    twilio.calls.enqueue(sid, "zh")

    calls_api.redirect(settings, sid, DIAL)

    assert twilio.calls.queue_of(sid) is None
    assert twilio.calls.dial(sid).find("Number").text == "+8613911112222"
    assert calls_api.status(settings, sid) == "in-progress"


def test_redirecting_a_call_that_has_ended_is_a_permanent_failure(settings, twilio):
    sid = call_sid()
    twilio.calls.incoming(sid, CITIZEN, HOTLINE_NUMBER)
    twilio.calls.end(sid)
    with pytest.raises(ChannelError) as failure:
        calls_api.redirect(settings, sid, DIAL)
    assert failure.value.permanent and "21220" in str(failure.value)
    assert calls_api.status(settings, sid) == "completed"


def test_an_unknown_call_is_gone_and_a_twilio_outage_is_worth_retrying(settings, twilio):
    assert calls_api.status(settings, call_sid()) == "gone"
    sid = call_sid()
    twilio.calls.incoming(sid, CITIZEN, HOTLINE_NUMBER)
    twilio.calls.fail_next_update(503, 20503, "Service unavailable")
    with pytest.raises(ChannelError) as failure:
        calls_api.redirect(settings, sid, DIAL)
    assert not failure.value.permanent


def test_the_official_client_creates_and_ends_an_outbound_call(settings, twilio):
    created = client(settings).calls.create(to="+8613911112222", from_=HOTLINE_NUMBER, twiml="<Response/>")
    assert created.status == "queued" and created.sid in twilio.calls.calls
    client(settings).calls(created.sid).update(status="completed")
    assert client(settings).calls(created.sid).fetch().status == "completed"


def test_waiting_callers_hear_their_place_in_the_queue(settings, twilio):
    first, second = call_sid(), call_sid()
    for sid in (first, second):
        twilio.calls.incoming(sid, CITIZEN, HOTLINE_NUMBER)
        twilio.calls.enqueue(sid, "zh")
    assert twilio.calls.wait_form(second)["QueuePosition"] == "2"
    assert twilio.calls.leave_form(first, "hangup")["QueueResult"] == "hangup"
    assert twilio.calls.wait_form(second)["QueuePosition"] == "1"
