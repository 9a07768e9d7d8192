"""The workspace for live calls: an agent's line, the supervisors' board, the screen pop and the wrap-up."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlmodel import Session, col, select

from feedback.calls.models import AgentLine, CallOffer, LiveCall
from feedback.cases.models import Case, CaseEvent
from tests.helpers import fixture
from tests.helpers.calls import AgentPhone, Caller, give_line, talking_call
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_cookie
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import work


@pytest.fixture
def settings(settings):
    return settings.with_overrides(live_calls=True)


def _post(client, path: str, form: dict, page: str):
    return client.post(path, data=form | {"csrf_token": csrf_token(client, page)}, headers={"Accept-Language": "en"})


def _line(runtime, user_id: int) -> AgentLine:
    with Session(runtime.engine) as session:
        return session.get(AgentLine, user_id)


def _answered_call(client, runtime, twilio, agent_id: int, seconds: int = 60) -> LiveCall:
    twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    work(runtime)
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    work(runtime)
    AgentPhone(caller).answer_and_talk(seconds)
    with Session(runtime.engine) as session:
        return session.exec(select(LiveCall)).one()


def test_an_agent_sets_their_phone_and_queues_then_makes_themselves_available(client, runtime):
    agent = make_user(runtime, "wang")
    sign_in_with_cookie(client, agent)

    refused = _post(client, "/calls/line", {"presence": "available"}, "/calls/line")
    assert "set the phone number" in client.get(refused.location).get_data(as_text=True)
    _post(client, "/calls/line", {"phone": "139 1111 0001", "queues": "zh, en"}, "/calls/line")
    _post(client, "/calls/line", {"presence": "available"}, "/calls/line")

    line = _line(runtime, agent)
    assert (line.phone, line.queues, line.presence) == ("+8613911110001", "en,zh", "available")
    assert 'data-presence="available"' in client.get("/calls/line").get_data(as_text=True)


def test_a_bad_phone_number_or_queue_name_is_refused_and_nothing_changes(client, runtime):
    agent = make_user(runtime, "wang")
    sign_in_with_cookie(client, agent)
    answer = _post(client, "/calls/line", {"phone": "call me", "queues": "zh"}, "/calls/line")
    assert "is not a phone number" in client.get(answer.location).get_data(as_text=True)
    _post(client, "/calls/line", {"phone": "13911110001", "queues": "zh; DROP"}, "/calls/line")
    assert _line(runtime, agent).phone is None


def test_supervisors_see_who_is_where_and_agents_may_not(client, runtime):
    give_line(runtime, make_user(runtime, "wang"), "+8613911110001")
    give_line(runtime, make_user(runtime, "li"), None, available=False)
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    page = client.get("/calls/board").get_data(as_text=True)
    assert 'data-agent="wang"' in page and "presence-available" in page and "presence-away" in page

    other = client.application.test_client()
    sign_in_with_cookie(other, make_user(runtime, "zhao"))
    assert other.get("/calls/board").status_code == 404


def test_the_screen_pop_shows_the_caller_and_their_open_cases_only_to_the_agent_rung(client, runtime, twilio):
    agent = give_line(runtime, make_user(runtime, "wang"))
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    call = _answered_call(client, runtime, twilio, agent)

    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    assert case.reference in page and "Last contacts" in page and "wrapup-form" in page

    stranger = client.application.test_client()
    sign_in_with_cookie(stranger, make_user(runtime, "zhao"))
    assert stranger.get(f"/calls/{call.id}").status_code == 404
    mine = client.application.test_client()
    sign_in_with_cookie(mine, agent)
    assert mine.get(f"/calls/{call.id}").status_code == 200


def test_the_wrap_up_adds_the_call_to_the_callers_case_timeline(client, runtime, twilio):
    agent = give_line(runtime, make_user(runtime, "wang"))
    sign_in_with_cookie(client, agent)
    call = _answered_call(client, runtime, twilio, agent, seconds=75)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()

    answer = _post(client, f"/calls/{call.id}/wrapup",
                   {"what": "existing_case", "reference": case.reference, "summary": "问进度，已告知"},
                   f"/calls/{call.id}")  # fmt: skip

    assert answer.location.endswith(f"/cases/{case.reference}")
    with Session(runtime.engine) as session:
        event = session.exec(select(CaseEvent).where(CaseEvent.kind == "live_call")).one()
        filed = session.get(LiveCall, call.id)
    assert event.case_id == case.id and event.detail["talk_seconds"] == 75 and event.detail["answered_by"] == "wang"
    assert filed.wrapup == "existing_case" and filed.wrapped_at is not None
    supervisor = client.application.test_client()
    sign_in_with_cookie(supervisor, make_user(runtime, "boss", role="supervisor"))
    timeline = supervisor.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert (
        "Phone call answered by wang: waited" in timeline and "talked 75 s" in timeline and "问进度，已告知" in timeline
    )
    again = _post(client, f"/calls/{call.id}/wrapup", {"what": "information"}, f"/calls/{call.id}")
    assert "already wrapped up" in client.get(again.location).get_data(as_text=True)


def test_the_wrap_up_opens_a_new_case_in_the_chosen_department(client, runtime, twilio):
    agent = give_line(runtime, make_user(runtime, "wang"))
    sign_in_with_cookie(client, agent)
    call = _answered_call(client, runtime, twilio, agent)
    roads = department_id(runtime, "environment")
    form = {"what": "new_case", "summary": "桥面塌陷", "kind": "report", "department_id": str(roads)}

    answer = _post(client, f"/calls/{call.id}/wrapup", form, f"/calls/{call.id}")

    with Session(runtime.engine) as session:
        new = session.exec(select(Case).where(Case.summary == "桥面塌陷")).one()
    assert (new.department_id, new.kind, new.channel) == (roads, "report", "voice")
    assert answer.location.endswith(f"/cases/{new.reference}")


def test_a_case_opened_by_the_wrap_up_is_assigned_to_the_agent_who_answered(client, runtime, twilio):
    make_user(runtime, "zhou", departments=("environment",))  # the router's choice, were it asked
    agent = give_line(runtime, make_user(runtime, "wang"))
    sign_in_with_cookie(client, agent)
    call = _answered_call(client, runtime, twilio, agent)
    environment = department_id(runtime, "environment")
    form = {"what": "new_case", "summary": "噪音扰民", "kind": "complaint", "department_id": str(environment)}

    answer = _post(client, f"/calls/{call.id}/wrapup", form, f"/calls/{call.id}")

    with Session(runtime.engine) as session:
        new = session.exec(select(Case).where(Case.summary == "噪音扰民")).one()
    assert (new.assignee_id, new.status) == (agent, "assigned")
    page = client.get(answer.location, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "answered the call" in page


def test_a_new_case_without_a_summary_is_refused_and_nothing_is_filed(client, runtime, twilio):
    agent = give_line(runtime, make_user(runtime, "wang"))
    sign_in_with_cookie(client, agent)
    call = _answered_call(client, runtime, twilio, agent)
    form = {"what": "new_case", "summary": " ", "kind": "report", "department_id": "1"}
    answer = _post(client, f"/calls/{call.id}/wrapup", form, f"/calls/{call.id}")
    assert "write a summary" in client.get(answer.location).get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.get(LiveCall, call.id).wrapped_at is None


def test_the_dashboard_and_the_live_view_show_the_call_figures(client, runtime, twilio):
    agent = give_line(runtime, make_user(runtime, "wang"))
    _answered_call(client, runtime, twilio, agent, seconds=90)
    gone = Caller(client, runtime, twilio, number="+8613800138009")
    gone.press("0")
    gone.queue_ends("hangup")
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))

    for path in ("/dashboard/", "/live/panel"):
        page = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert "service level: answered within 20 s" in page, path
        assert "<b>50%</b>abandoned while waiting" in page, path
        assert "<td>wang</td><td>1</td>" in page, path
    assert 'data-agent="wang"' in client.get("/live/panel").get_data(as_text=True)


def test_an_agent_transfers_a_caller_to_another_queue_where_its_agent_answers(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    smith = give_line(runtime, make_user(runtime, "smith"), "+8613911110002", queues=("en",))
    sign_in_with_cookie(client, wang)
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    work(runtime)
    phone = AgentPhone(caller)
    phone.status("ringing")
    phone.status("in-progress")
    with Session(runtime.engine) as session:
        call = session.exec(select(LiveCall)).one()
    assert 'name="queue"' in client.get(f"/calls/{call.id}").get_data(as_text=True)

    _post(client, f"/calls/{call.id}/transfer", {"queue": "en"}, f"/calls/{call.id}")

    moved = ET.fromstring(twilio.calls.calls[caller.sid]["twiml"])
    assert moved.find("Enqueue").text == "en" and "转接" in moved.find("Say").text
    assert _line(runtime, wang).call_id is None
    caller._follow(moved)
    work(runtime)
    assert AgentPhone(caller).number == "+8613911110002"
    with Session(runtime.engine) as session:
        offers = session.exec(select(CallOffer).order_by(col(CallOffer.id))).all()
    assert [(o.agent_id, o.transferred_to) for o in offers] == [(wang, "en"), (smith, None)]


def test_a_call_that_is_not_in_progress_cannot_be_transferred(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    sign_in_with_cookie(client, wang)
    call = _answered_call(client, runtime, twilio, wang)
    answer = _post(client, f"/calls/{call.id}/transfer", {"queue": "en"}, f"/calls/{call.id}")
    assert "only a call in progress can be transferred" in client.get(answer.location).get_data(as_text=True)


def test_an_agent_transfers_a_caller_to_a_named_agent_and_the_transfer_is_on_the_case_timeline(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    li = make_user(runtime, "li", departments=("environment",), language="zh")
    give_line(runtime, li, "+8613911110003", queues=("en",))
    give_line(runtime, make_user(runtime, "zhao"), "+8613911110004", available=False)
    sign_in_with_cookie(client, wang)
    caller, _first, call = talking_call(client, runtime, twilio, wang)
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert f'<option value="{li}">li</option>' in page and ">zhao<" not in page  # only available agents

    answer = _post(client, f"/calls/{call.id}/transfer-agent", {"agent_id": li}, f"/calls/{call.id}")
    assert "li&#39;s phone is ringing for the caller." in client.get(answer.location).get_data(as_text=True)

    assert _line(runtime, wang).call_id is None and _line(runtime, li).call_id == call.id
    phone = AgentPhone(caller)  # the caller's call now dials li's phone
    assert phone.number == "+8613911110003"
    phone.answer_and_talk(90)
    with Session(runtime.engine) as session:
        ended = session.get(LiveCall, call.id)
        offers = session.exec(select(CallOffer).order_by(col(CallOffer.id))).all()
    assert ended.outcome == "answered" and ended.agent_id == li
    assert [(o.agent_id, o.transferred_to, o.state) for o in offers] == [(wang, "@li", "done"), (li, None, "done")]

    sign_in_with_cookie(client, li)
    assert "已转接至坐席 li" in client.get(f"/calls/{call.id}").get_data(as_text=True)
    environment = department_id(runtime, "environment")
    form = {"what": "new_case", "summary": "路灯坏了", "kind": "report", "department_id": environment}
    filed = _post(client, f"/calls/{call.id}/wrapup", form, f"/calls/{call.id}")
    timeline = client.get(filed.location).get_data(as_text=True)
    assert "已转接至坐席 li" in timeline


def test_a_transfer_to_an_agent_who_misses_it_puts_the_caller_first_in_their_queue(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    li = give_line(runtime, make_user(runtime, "li"), "+8613911110003", queues=("en",))
    sign_in_with_cookie(client, wang)
    caller, _first, call = talking_call(client, runtime, twilio, wang)
    _post(client, f"/calls/{call.id}/transfer-agent", {"agent_id": li}, f"/calls/{call.id}")
    back = AgentPhone(caller).miss()
    assert back.find("Enqueue").text == "zh"
    with Session(runtime.engine) as session:
        assert session.get(LiveCall, call.id).state == "queued"
    assert _line(runtime, li).call_id is None and _line(runtime, li).misses == 1


def test_a_transfer_to_an_unavailable_agent_or_of_an_ended_call_is_refused_and_nothing_changes(client, runtime, twilio):
    wang = give_line(runtime, make_user(runtime, "wang"))
    zhao = give_line(runtime, make_user(runtime, "zhao"), "+8613911110004", available=False)
    sign_in_with_cookie(client, wang)
    caller, first, call = talking_call(client, runtime, twilio, wang)
    twiml_before = twilio.calls.calls[caller.sid]["twiml"]

    refused = _post(client, f"/calls/{call.id}/transfer-agent", {"agent_id": zhao}, f"/calls/{call.id}")
    assert "zhao is not available for a call" in client.get(refused.location).get_data(as_text=True)
    refused = _post(client, f"/calls/{call.id}/transfer-agent", {"agent_id": wang}, f"/calls/{call.id}")
    assert "choose another agent" in client.get(refused.location).get_data(as_text=True)
    assert twilio.calls.calls[caller.sid]["twiml"] == twiml_before
    with Session(runtime.engine) as session:
        assert session.get(LiveCall, call.id).state == "talking"
        assert len(session.exec(select(CallOffer)).all()) == 1
    assert _line(runtime, wang).call_id == call.id and _line(runtime, zhao).call_id is None

    li = give_line(runtime, make_user(runtime, "li"), "+8613911110003")
    first.status("completed", 30)  # the call ends before the transfer is asked for
    refused = _post(client, f"/calls/{call.id}/transfer-agent", {"agent_id": li}, f"/calls/{call.id}")
    assert "only a call in progress can be transferred" in client.get(refused.location).get_data(as_text=True)
    assert _line(runtime, li).call_id is None
