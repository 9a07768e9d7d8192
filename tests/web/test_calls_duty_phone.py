"""Three-way calls (三方通话): an agent brings a department's duty phone into a call, through the Twilio stand-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from core import queues
from core.clock import utcnow
from feedback.calls.models import DutyCall, LiveCall
from staff.models import Department
from tests.helpers.calls import DutyPhone, give_line, talking_call
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_cookie
from tests.helpers.twilio import HOTLINE_NUMBER, twilio_post
from tests.helpers.worker import work

DUTY = "+8613700001111"


@pytest.fixture
def settings(settings):
    return settings.with_overrides(live_calls=True)


def _post(client, path: str, form: dict, page: str):
    return client.post(path, data=form | {"csrf_token": csrf_token(client, page)}, headers={"Accept-Language": "en"})


def _set_duty_phone(runtime, code: str, phone: str | None) -> int:
    with Session(runtime.engine) as session:
        department = session.exec(select(Department).where(Department.code == code)).one()
        department.duty_phone = phone
        session.add(department)
        session.commit()
        return department.id


def _duty_calls(runtime) -> list[DutyCall]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(DutyCall).order_by(DutyCall.id)))


def _call(runtime, call_id: int) -> LiveCall:
    with Session(runtime.engine) as session:
        return session.get(LiveCall, call_id)


def _bring_in(client, call_id: int, department: int):
    answer = _post(client, f"/calls/{call_id}/duty-phone", {"department_id": department}, f"/calls/{call_id}")
    assert answer.status_code == 302
    return client.get(answer.location, headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_an_admin_sets_a_departments_duty_phone_and_a_bad_number_is_refused(client, runtime):
    admin = make_user(runtime, "root", role="admin")
    sign_in_with_cookie(client, admin)
    environment = department_id(runtime, "environment")
    form = {"name_zh": "生态环境", "name_en": "Environment", "keywords": "", "active": "1"}

    saved = _post(
        client, f"/admin/departments/{environment}", form | {"duty_phone": "137 0000 1111"}, "/admin/departments"
    )
    assert 'value="+8613700001111"' in client.get(saved.location).get_data(as_text=True)

    refused = _post(
        client, f"/admin/departments/{environment}", form | {"duty_phone": "call the boss"}, "/admin/departments"
    )
    assert "The duty phone must be a phone number." in client.get(refused.location).get_data(as_text=True)
    with Session(runtime.engine) as session:
        kept = session.get(Department, environment)
    assert (kept.duty_phone, kept.name_zh) == ("+8613700001111", "生态环境")


def test_an_agent_brings_in_the_duty_phone_and_caller_agent_and_duty_phone_talk_in_one_conference(
    client, runtime, twilio
):
    wang = give_line(runtime, make_user(runtime, "wang", departments=("environment",)))
    environment = _set_duty_phone(runtime, "environment", DUTY)
    sign_in_with_cookie(client, wang)
    caller, agent, call = talking_call(client, runtime, twilio, wang)
    assert 'class="duty-phone-form"' in client.get(f"/calls/{call.id}").get_data(as_text=True)

    page = _bring_in(client, call.id, environment)
    assert "The duty phone of Environmental Protection is ringing; the caller and you stay on the line." in page

    # The agent's leg of the caller's <Dial> went into the room, and the duty phone was called into it.
    room = twilio.calls.conference(agent.leg)
    assert room and twilio.calls.dial_ended == [caller.sid]
    duty = DutyPhone(caller)
    placed = duty.call
    assert (duty.number, placed["from"], duty.room) == (DUTY, HOTLINE_NUMBER, room)
    assert placed["status_callback_event"] == "initiated ringing answered completed" and placed["timeout"] == 20
    # Twilio ends the caller's <Dial> and asks its action: the caller follows the agent into the room.
    follows = agent.dial_ends("completed", 40)
    assert follows.find("Dial/Conference").text == room
    assert follows.find("Dial/Conference").get("endConferenceOnExit") == "false"  # the agent closes it
    assert _call(runtime, call.id).state == "talking"  # the Dial's end was not the end of the talk

    duty.answer()
    assert sorted(twilio.calls.rooms[room]) == sorted([agent.leg, caller.sid, placed["sid"]])
    assert [d.state for d in _duty_calls(runtime)] == ["joined"]
    assert "on the call" in client.get(f"/calls/{call.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)

    duty.status("completed", 35)  # the duty officer hangs up; caller and agent talk on
    assert _call(runtime, call.id).state == "talking"
    agent.status("completed", 120)
    ended = _call(runtime, call.id)
    assert (ended.state, ended.outcome, ended.talk_seconds) == ("ended", "answered", 120)
    [record] = _duty_calls(runtime)
    assert (record.state, record.talk_seconds, record.leg_sid) == ("left", 35, placed["sid"])

    form = {"what": "new_case", "summary": "河道污染", "kind": "report", "department_id": environment}
    filed = _post(client, f"/calls/{call.id}/wrapup", form, f"/calls/{call.id}")
    timeline = client.get(filed.location, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "duty phone of Environmental Protection: hung up (talked 35 s)" in timeline


def test_a_duty_phone_that_does_not_answer_is_reported_and_the_caller_stays_with_the_agent(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    environment = _set_duty_phone(runtime, "environment", DUTY)
    sign_in_with_cookie(client, wang)
    caller, agent, call = talking_call(client, runtime, twilio, wang)
    _bring_in(client, call.id, environment)
    room = twilio.calls.conference(agent.leg)
    agent.dial_ends("completed", 10)

    DutyPhone(caller).no_answer()

    page = client.get(f"/calls/{call.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'data-duty-state="unanswered"' in page and "did not answer" in page
    assert sorted(twilio.calls.rooms[room]) == sorted([agent.leg, caller.sid])
    assert _call(runtime, call.id).state == "talking"
    assert 'class="duty-phone-form"' in page  # the agent may try again

    _bring_in(client, call.id, environment)
    assert len(twilio.calls.created) == 2 and len(twilio.calls.dial_ended) == 1  # already in the room
    assert [d.state for d in _duty_calls(runtime)] == ["unanswered", "dialling"]


def test_repeated_and_late_duty_phone_callbacks_change_nothing(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    environment = _set_duty_phone(runtime, "environment", DUTY)
    sign_in_with_cookie(client, wang)
    caller, _agent, call = talking_call(client, runtime, twilio, wang)
    _bring_in(client, call.id, environment)
    duty = DutyPhone(caller)

    duty.status("completed", 50)  # the ringing and answered reports were lost
    duty.status("completed", 50)
    duty.status("in-progress")
    duty.status("ringing")

    [record] = _duty_calls(runtime)
    assert (record.state, record.talk_seconds) == ("left", 50)
    assert record.joined_at is not None


def test_a_department_without_a_duty_phone_has_no_button_and_is_refused(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    environment = department_id(runtime, "environment")
    sign_in_with_cookie(client, wang)
    _caller, agent, call = talking_call(client, runtime, twilio, wang)
    before = twilio.calls.calls[agent.leg]["twiml"]
    assert "duty-phone-form" not in client.get(f"/calls/{call.id}").get_data(as_text=True)

    page = _bring_in(client, call.id, environment)
    assert "Not done: Environmental Protection has no duty phone" in page
    page = _bring_in(client, call.id, "x")
    assert "choose the department whose duty phone to call" in page

    assert twilio.calls.created == [] and twilio.calls.calls[agent.leg]["twiml"] == before
    assert _duty_calls(runtime) == [] and _call(runtime, call.id).conference is None


def test_twilio_refusing_to_move_the_agent_leaves_the_call_as_it_was(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    environment = _set_duty_phone(runtime, "environment", DUTY)
    sign_in_with_cookie(client, wang)
    _caller, _agent, call = talking_call(client, runtime, twilio, wang)
    twilio.calls.fail_next_update(503, 20003, "Service unavailable")

    page = _bring_in(client, call.id, environment)

    assert "Twilio did not move the call" in page
    assert twilio.calls.created == [] and _duty_calls(runtime) == []
    kept = _call(runtime, call.id)
    assert (kept.state, kept.conference) == ("talking", None)


def test_only_the_agent_on_the_call_may_bring_in_a_duty_phone_and_only_while_talking(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    environment = _set_duty_phone(runtime, "environment", DUTY)
    sign_in_with_cookie(client, wang)
    _caller, agent, call = talking_call(client, runtime, twilio, wang)
    token = csrf_token(client, f"/calls/{call.id}")

    sign_in_with_cookie(client, make_user(runtime, "li"))
    stranger = client.post(f"/calls/{call.id}/duty-phone", data={"department_id": environment, "csrf_token": token})
    assert stranger.status_code == 404

    sign_in_with_cookie(client, wang)
    agent.status("completed", 30)
    page = _bring_in(client, call.id, environment)
    assert "only a call in progress can take in a duty phone" in page
    assert twilio.calls.created == []


def test_an_unsigned_duty_phone_callback_is_refused_and_changes_nothing(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    environment = _set_duty_phone(runtime, "environment", DUTY)
    sign_in_with_cookie(client, wang)
    caller, _agent, call = talking_call(client, runtime, twilio, wang)
    _bring_in(client, call.id, environment)
    duty = DutyPhone(caller)
    path = duty.call["status_callback"].split("localhost", 1)[-1]
    form = {"CallSid": duty.call["sid"], "CallStatus": "in-progress", "AccountSid": caller.fields()["AccountSid"]}

    forged = twilio_post(client, runtime.settings, path[path.index("/channels") :], form, signature="bad")

    assert forged.status_code in (401, 403)
    assert [d.state for d in _duty_calls(runtime)] == ["dialling"]


def test_a_duty_phone_ending_after_the_wrap_up_goes_on_the_cases_timeline(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang", departments=("environment",)))
    environment = _set_duty_phone(runtime, "environment", DUTY)
    sign_in_with_cookie(client, wang)
    caller, agent, call = talking_call(client, runtime, twilio, wang)
    form = {"what": "new_case", "summary": "河道污染", "kind": "report", "department_id": environment}
    filed = _post(client, f"/calls/{call.id}/wrapup", form, f"/calls/{call.id}")  # filed while still talking
    _bring_in(client, call.id, environment)
    agent.dial_ends("completed", 10)
    duty = DutyPhone(caller)
    duty.answer()
    duty.status("completed", 42)

    timeline = client.get(filed.location, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "duty phone of Environmental Protection: hung up (talked 42 s)" in timeline


def test_a_caller_hanging_up_in_the_conference_ends_the_call_with_its_talk_time(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    environment = _set_duty_phone(runtime, "environment", DUTY)
    sign_in_with_cookie(client, wang)
    caller, agent, call = talking_call(client, runtime, twilio, wang)
    _bring_in(client, call.id, environment)
    agent.dial_ends("completed", 10)

    caller.hang_up()  # the room closes with the caller; their final status comes before the agent leg's
    agent.status("completed", 75)

    ended = _call(runtime, call.id)
    assert (ended.state, ended.outcome) == ("ended", "answered") and ended.talk_seconds is not None


def test_a_duty_phone_whose_callbacks_were_lost_is_read_back_and_another_may_be_called(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    environment = _set_duty_phone(runtime, "environment", DUTY)
    sign_in_with_cookie(client, wang)
    caller, agent, call = talking_call(client, runtime, twilio, wang)
    _bring_in(client, call.id, environment)
    agent.dial_ends("completed", 10)
    duty = DutyPhone(caller)
    twilio.calls.end(duty.call["sid"], "busy")  # Twilio knows; none of its callbacks arrived
    assert "a duty phone is already on this call" in _bring_in(client, call.id, environment)

    with Session(runtime.engine) as session:  # long enough ago for the reconcile to look
        session.execute(update(DutyCall).values(asked_at=utcnow() - timedelta(minutes=5)))
        session.commit()
    runtime.queue(queues.SCHEDULED).enqueue("jobs.calls.reconcile")
    work(runtime)

    assert [d.state for d in _duty_calls(runtime)] == ["unanswered"]
    assert "is ringing" in _bring_in(client, call.id, environment)
