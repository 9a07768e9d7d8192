"""The call-back worklist: a caller who presses 2 or hangs up waits on a list, oldest first; agents record each try,
and after CALLBACK_MAX_TRIES failed tries the citizen gets an SMS and the request is closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from channels.voice import understand
from core.clock import utcnow
from feedback.callbacks import worklist
from feedback.callbacks.models import CallbackAttempt, CallbackRequest
from feedback.cases.models import Case
from staff.models import Department
from tests.helpers.cases import case_events, quick_case
from tests.helpers.staff import make_user, sign_in_with_cookie
from tests.helpers.twilio import CITIZEN, call_step, voice_fixture
from tests.helpers.worker import work

OTHER_CALLER = "+8613700137000"


@pytest.fixture
def no_grace(monkeypatch):
    """Judge a finished call at once instead of waiting for late callbacks."""
    monkeypatch.setattr(understand, "CALL_END_GRACE", timedelta(0))


def _press_2(client, runtime, caller: str = CITIZEN, sid: str = "CA" + "2" * 32) -> None:
    call_step(client, runtime.settings, "menu", voice_fixture("gather_menu_key", Digits="2", From=caller, CallSid=sid),
              lang="zh")  # fmt: skip
    work(runtime)


def _requests(runtime) -> list[CallbackRequest]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(CallbackRequest).order_by(col(CallbackRequest.id))))


def _case(runtime, case_id: int) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id)


def _try(runtime, request_id: int, outcome: str, in_minutes: int = 60, actor: str = "li.agent") -> str:
    with runtime.session() as session:
        request = session.get(CallbackRequest, request_id)
        return worklist.record_attempt(session, request, outcome, utcnow() + timedelta(minutes=in_minutes), "", actor)


def test_a_caller_who_presses_2_waits_on_the_worklist_and_the_case_says_what_it_is(client, runtime, twilio):
    _press_2(client, runtime)
    [request] = _requests(runtime)
    case = _case(runtime, request.case_id)
    assert (request.urn, request.language, request.status, request.tries) == (f"tel:{CITIZEN}", "zh", "waiting", 0)
    assert case.summary == f"来电请求回电：{CITIZEN} · Call-back requested by {CITIZEN}"  # not blank in the inbox


def test_a_caller_who_hangs_up_without_a_word_is_on_the_worklist_too(client, runtime, twilio, no_grace):
    call_step(client, runtime.settings, "status", voice_fixture("status_completed_hang_up"), lang="zh")
    work(runtime)
    [request] = _requests(runtime)
    assert request.status == "waiting" and _case(runtime, request.case_id).summary.startswith("来电请求回电")


def test_reaching_the_caller_closes_the_request_and_clears_the_flag(client, runtime, twilio):
    _press_2(client, runtime)
    [request] = _requests(runtime)
    assert _try(runtime, request.id, "no_answer", in_minutes=30) == "waiting"
    waiting = _requests(runtime)[0]
    assert waiting.tries == 1 and waiting.next_try_at > utcnow() + timedelta(minutes=29)
    assert _try(runtime, request.id, "reached") == "reached"
    assert not _case(runtime, request.case_id).callback_requested
    events = [(e.kind, e.detail.get("outcome")) for e in case_events(runtime, request.case_id)]
    assert ("callback_attempt", "no_answer") in events and ("callback_closed", "reached") in events
    with Session(runtime.engine) as session:
        assert [a.outcome for a in session.exec(select(CallbackAttempt))] == ["no_answer", "reached"]


def test_after_the_last_failed_try_the_citizen_gets_an_sms_and_the_request_closes(client, runtime, twilio):
    _press_2(client, runtime)
    [request] = _requests(runtime)
    outcomes = [_try(runtime, request.id, o) for o in ("no_answer", "busy", "no_answer")]
    assert outcomes == ["waiting", "waiting", "gave_up"]  # CALLBACK_MAX_TRIES is 3 by default
    work(runtime)
    texts = [m["body"] for m in twilio.wait_for(2) if m["to"] == CITIZEN]
    reference = _case(runtime, request.case_id).reference
    assert any("未能接通" in text and reference in text for text in texts)
    with runtime.session() as session, pytest.raises(worklist.CallbackError):
        worklist.record_attempt(session, session.get(CallbackRequest, request.id), "reached", None, "", "li.agent")


def test_a_wrong_number_closes_the_request_without_texting_it(client, runtime, twilio):
    _press_2(client, runtime)
    [request] = _requests(runtime)
    sent = len(twilio.wait_for(1))
    assert _try(runtime, request.id, "wrong_number") == "wrong_number"
    work(runtime)
    assert len(twilio.messages) == sent


def test_the_worklist_page_lists_oldest_first_with_earlier_cases_and_only_the_agents_departments(
    app, client, runtime, twilio
):
    app.config["WTF_CSRF_ENABLED"] = False
    earlier = quick_case(runtime, text="村口的路灯坏了三天了")
    _press_2(client, runtime, caller=OTHER_CALLER, sid="CA" + "3" * 32)
    _press_2(client, runtime)  # the citizen of the earlier case, a moment later
    first, second = _requests(runtime)
    departments = {_case(runtime, r.case_id).department_id for r in (first, second)}
    agent = make_user(runtime, "li.agent", departments=departments)
    with Session(runtime.engine) as session:
        other = session.exec(select(Department.id).where(col(Department.id).not_in(departments))).first()
    stranger = make_user(runtime, "chen.elsewhere", departments=[other])

    sign_in_with_cookie(client, agent)
    case_page = client.get(f"/cases/{_case(runtime, second.case_id).reference}", headers={"Accept-Language": "en"})
    assert "The caller is waiting for a call back" in case_page.get_data(as_text=True)
    assert "(Asia/Shanghai)" in case_page.get_data(as_text=True)
    page = client.get("/callbacks", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert page.index(OTHER_CALLER) < page.index(CITIZEN)  # oldest first
    assert _case(runtime, earlier).reference in page  # the earlier case of the second caller
    answer = client.post(f"/callbacks/{second.id}/attempts", data={"outcome": "busy", "next_try_in": "30"})
    assert answer.status_code == 302 and _requests(runtime)[1].tries == 1
    bad = client.post(f"/callbacks/{second.id}/attempts", data={"outcome": "<script>", "next_try_in": "x"})
    assert bad.status_code == 302 and _requests(runtime)[1].tries == 1  # refused with a message, not a 500

    sign_in_with_cookie(client, stranger)
    assert CITIZEN not in client.get("/callbacks").get_data(as_text=True)
    assert client.post(f"/callbacks/{second.id}/attempts", data={"outcome": "reached"}).status_code == 404
    assert client.post("/callbacks/999999/attempts", data={"outcome": "reached"}).status_code == 404
