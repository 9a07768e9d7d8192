"""Warm transfers: the caller waits on hold while their agent talks to another agent first, then is handed over or
taken back; driven through the Twilio stand-in as Twilio drives the webhooks."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from core import queues
from core.clock import utcnow
from feedback.calls.models import AgentLine, CallOffer, LiveCall
from feedback.cases.models import Case
from tests.helpers.calls import AgentPhone, Caller, PlacedPhone, give_line, talking_call
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_cookie
from tests.helpers.worker import work

LI_PHONE = "+8613911110003"


@pytest.fixture
def settings(settings):
    return settings.with_overrides(live_calls=True)


def _post(client, path: str, form: dict, page: str) -> str:
    answer = client.post(path, data=form | {"csrf_token": csrf_token(client, page)}, headers={"Accept-Language": "en"})
    assert answer.status_code == 302, answer.status_code
    return client.get(answer.location, headers={"Accept-Language": "en"}).get_data(as_text=True)


def _call(runtime, call_id: int) -> LiveCall:
    with Session(runtime.engine) as session:
        return session.get(LiveCall, call_id)


def _offers(runtime) -> list[tuple[int, str | None, str]]:
    with Session(runtime.engine) as session:
        offers = session.exec(select(CallOffer).order_by(col(CallOffer.id)))
        return [(o.agent_id, o.transferred_to, o.state) for o in offers]


def _line(runtime, user_id: int) -> AgentLine:
    with Session(runtime.engine) as session:
        return session.get(AgentLine, user_id)


def _on_hold(client, runtime, twilio, wang: int, li: int) -> tuple[Caller, AgentPhone, PlacedPhone, int]:
    """Wang talks to the caller, puts them on hold and rings li; the caller follows into the hold room."""
    caller, first, call = talking_call(client, runtime, twilio)
    call_id = call.id
    assert 'class="warm-transfer-form"' in client.get(f"/calls/{call_id}").get_data(as_text=True)
    page = _post(client, f"/calls/{call_id}/consult", {"agent_id": li}, f"/calls/{call_id}")
    assert "li&#39;s phone is ringing; the caller is on hold." in page
    room = twilio.calls.conference(first.leg)
    held = first.dial_ends("completed", 30)  # Twilio ends the caller's <Dial> once the agent's leg moved
    assert held.find("Dial/Conference").text == f"{room}-hold"
    assert held.find("Dial/Conference").get("startConferenceOnEnter") == "false"  # alone: hold music
    second = PlacedPhone(caller)
    assert (second.number, second.room) == (LI_PHONE, room)
    return caller, first, second, call_id


def test_a_warm_transfer_hands_the_caller_over_once_the_other_agent_has_talked_to_the_first(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    li = give_line(runtime, make_user(runtime, "li", departments=("environment",), language="zh"), LI_PHONE)
    sign_in_with_cookie(client, wang)
    caller, first, second, call_id = _on_hold(client, runtime, twilio, wang, li)
    second.status("ringing")
    assert "hand the caller over" not in client.get(f"/calls/{call_id}").get_data(as_text=True).lower()
    second.status("in-progress")  # li answers and talks to wang; the caller still waits
    held = _call(runtime, call_id)
    assert (held.agent_id, held.holding, _line(runtime, li).call_id) == (wang, True, call_id)
    talk_room = second.room
    assert sorted(twilio.calls.rooms[talk_room]) == sorted([first.leg, second.call["sid"]])

    page = _post(client, f"/calls/{call_id}/consult/complete", {}, f"/calls/{call_id}")

    assert "The caller is now with li." in page
    together = twilio.calls.conference(caller.sid)
    assert together == twilio.calls.conference(second.call["sid"]) and together != talk_room
    assert sorted(twilio.calls.rooms[together]) == sorted([caller.sid, second.call["sid"]])
    assert twilio.calls.calls[first.leg]["status"] == "completed"  # wang's phone was hung up
    moved = _call(runtime, call_id)
    assert (moved.agent_id, moved.holding, moved.state) == (li, False, "talking")
    assert _line(runtime, wang).call_id is None
    first.status("completed", 95)  # wang's leg reports its end: the call goes on with li
    assert _call(runtime, call_id).state == "talking"
    assert _offers(runtime) == [(wang, "@li", "done"), (li, None, "connected")]

    second.status("completed", 80)
    ended = _call(runtime, call_id)
    assert (ended.state, ended.outcome, ended.agent_id, ended.talk_seconds) == ("ended", "answered", li, 80)
    sign_in_with_cookie(client, li)
    environment = department_id(runtime, "environment")
    form = {"what": "new_case", "summary": "油烟扰民", "kind": "complaint", "department_id": environment}
    timeline = _post(client, f"/calls/{call_id}/wrapup", form, f"/calls/{call_id}")
    assert "已转接至坐席 li" in timeline  # li reads the pages in Chinese
    with Session(runtime.engine) as session:
        assert session.exec(select(Case).where(Case.summary == "油烟扰民")).one().assignee_id == li


def test_the_caller_goes_back_to_the_first_agent_when_the_other_does_not_answer(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    li = give_line(runtime, make_user(runtime, "li"), LI_PHONE)
    sign_in_with_cookie(client, wang)
    caller, first, second, call_id = _on_hold(client, runtime, twilio, wang, li)

    second.no_answer()
    work(runtime)  # the worker brings the caller back

    back = ET.fromstring(twilio.calls.calls[caller.sid]["twiml"])
    assert back.find("Dial/Conference").text == second.room
    assert back.find("Dial/Conference").get("startConferenceOnEnter") == "true"
    assert sorted(twilio.calls.rooms[second.room]) == sorted([first.leg, caller.sid])
    kept = _call(runtime, call_id)
    assert (kept.agent_id, kept.holding, kept.state) == (wang, False, "talking")
    assert _line(runtime, li).call_id is None and _offers(runtime) == [(wang, None, "connected"), (li, None, "missed")]
    page = client.get(f"/calls/{call_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'class="warm-transfer-form"' in page and "on-hold" not in page
    assert "agent li did not answer, caller kept" in page


def test_the_first_agent_takes_the_caller_back_and_the_other_agents_late_callbacks_change_nothing(
    client, runtime, twilio
):
    wang = give_line(runtime, make_user(runtime, "wang"))
    li = give_line(runtime, make_user(runtime, "li"), LI_PHONE)
    sign_in_with_cookie(client, wang)
    caller, first, second, call_id = _on_hold(client, runtime, twilio, wang, li)
    second.answer()

    page = _post(client, f"/calls/{call_id}/consult/cancel", {}, f"/calls/{call_id}")

    assert "The caller is back with you." in page
    assert twilio.calls.calls[second.call["sid"]]["status"] == "completed"  # li's phone was hung up
    assert sorted(twilio.calls.rooms[second.room]) == sorted([first.leg, caller.sid])
    second.status("completed", 20)
    work(runtime)
    kept = _call(runtime, call_id)
    assert (kept.agent_id, kept.holding, kept.state) == (wang, False, "talking")
    assert _offers(runtime) == [(wang, None, "connected"), (li, None, "done")]
    assert _line(runtime, li).call_id is None and _line(runtime, wang).call_id == call_id

    first.status("completed", 120)
    environment = department_id(runtime, "environment")
    form = {"what": "new_case", "summary": "路面塌陷", "kind": "report", "department_id": environment}
    timeline = _post(client, f"/calls/{call_id}/wrapup", form, f"/calls/{call_id}")
    assert "talked first to agent li, caller kept" in timeline


def test_a_hand_over_before_the_other_agent_answers_or_to_an_unavailable_agent_is_refused(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    zhao = give_line(runtime, make_user(runtime, "zhao"), "+8613911110004", available=False)
    li = give_line(runtime, make_user(runtime, "li"), LI_PHONE)
    sign_in_with_cookie(client, wang)
    caller, first, call = talking_call(client, runtime, twilio)
    call_id = call.id
    before = twilio.calls.calls[first.leg]["twiml"]

    page = _post(client, f"/calls/{call_id}/consult", {"agent_id": zhao}, f"/calls/{call_id}")
    assert "zhao is not available for a call" in page
    page = _post(client, f"/calls/{call_id}/consult/complete", {}, f"/calls/{call_id}")
    assert "the caller is not on hold" in page
    assert twilio.calls.calls[first.leg]["twiml"] == before and twilio.calls.created == []
    twilio.calls.fail_next_update(503, 20003, "Service unavailable")
    page = _post(client, f"/calls/{call_id}/consult", {"agent_id": li}, f"/calls/{call_id}")
    assert "Twilio did not move the call" in page
    kept = _call(runtime, call_id)
    assert (kept.holding, kept.conference, _line(runtime, li).call_id) == (False, None, None)

    _post(client, f"/calls/{call_id}/consult", {"agent_id": li}, f"/calls/{call_id}")
    page = _post(client, f"/calls/{call_id}/consult/complete", {}, f"/calls/{call_id}")
    assert "the other agent has not answered yet" in page
    assert _call(runtime, call_id).holding and caller.sid not in twilio.calls.dial_ended[1:]


def test_only_the_agent_holding_the_call_may_hand_it_over(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    li = give_line(runtime, make_user(runtime, "li"), LI_PHONE)
    sign_in_with_cookie(client, wang)
    _caller, _first, second, call_id = _on_hold(client, runtime, twilio, wang, li)
    second.answer()
    token = csrf_token(client, f"/calls/{call_id}")

    sign_in_with_cookie(client, li)  # the consulted agent sees the call, but does not hold it
    assert client.post(f"/calls/{call_id}/consult/complete", data={"csrf_token": token}).status_code == 404
    assert _call(runtime, call_id).agent_id == wang


def test_a_warm_transfer_to_a_queue_rings_its_agent_who_has_waited_longest(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    give_line(runtime, make_user(runtime, "li"), LI_PHONE, queues=("en",))
    give_line(runtime, make_user(runtime, "zhou"), "+8613911110005", queues=("zh",))
    sign_in_with_cookie(client, wang)
    _caller, _first, call = talking_call(client, runtime, twilio)
    call_id = call.id

    page = _post(client, f"/calls/{call_id}/consult", {"queue": "en"}, f"/calls/{call_id}")

    assert "li&#39;s phone is ringing; the caller is on hold." in page
    assert twilio.calls.created[-1]["to"] == LI_PHONE and 'class="consult-cancel-form"' in page
    assert 'class="warm-transfer-form"' not in page and 'class="transfer-form"' not in page  # not while holding
    page = _post(client, f"/calls/{call_id}/consult/cancel", {}, f"/calls/{call_id}")
    refused = _post(client, f"/calls/{call_id}/consult", {"queue": "fr"}, f"/calls/{call_id}")
    assert "nobody serving queue fr is free now" in refused


def _reconcile(runtime) -> None:
    with Session(runtime.engine) as session:  # long enough ago for the reconcile to look
        session.execute(update(CallOffer).values(offered_at=utcnow() - timedelta(minutes=10)))
        session.commit()
    runtime.queue(queues.SCHEDULED).enqueue("jobs.calls.reconcile")
    work(runtime)


def test_a_lost_no_answer_of_the_consulted_agent_is_read_back_and_the_caller_returns(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    li = give_line(runtime, make_user(runtime, "li"), LI_PHONE)
    sign_in_with_cookie(client, wang)
    caller, first, second, call_id = _on_hold(client, runtime, twilio, wang, li)
    twilio.calls.end(second.call["sid"], "no-answer")  # Twilio knows; its callback never arrived

    _reconcile(runtime)

    kept = _call(runtime, call_id)
    assert (kept.agent_id, kept.holding, kept.state) == (wang, False, "talking")
    assert sorted(twilio.calls.rooms[second.room]) == sorted([first.leg, caller.sid])
    assert _offers(runtime) == [(wang, None, "connected"), (li, None, "missed")]
    assert _line(runtime, li).call_id is None


def test_a_caller_left_on_hold_when_the_job_to_bring_them_back_was_lost_is_brought_back(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    li = give_line(runtime, make_user(runtime, "li"), LI_PHONE)
    sign_in_with_cookie(client, wang)
    caller, first, second, call_id = _on_hold(client, runtime, twilio, wang, li)
    second.no_answer()
    runtime.queue(queues.SCHEDULED).empty()  # the unhold job is lost (a Redis failure)
    assert _call(runtime, call_id).holding

    _reconcile(runtime)

    assert not _call(runtime, call_id).holding
    assert sorted(twilio.calls.rooms[second.room]) == sorted([first.leg, caller.sid])
