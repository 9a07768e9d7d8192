"""The menu after key 0 offers a key per configured department; its callers reach that department's agents."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from core.config import ConfigError, Settings
from feedback.calls.models import LiveCall
from tests.feedback.calls.conftest import make_agent
from tests.helpers.calls import WITHHELD, AgentPhone, Caller, _path
from tests.helpers.staff import make_user, sign_in_with_cookie
from tests.helpers.twilio import spoken, verbs
from tests.helpers.worker import work


@pytest.fixture
def settings(settings):
    # "retired" names no department: it is left out of the menu
    return settings.with_overrides(call_department_keys="1=environment, 2=transport, 3=retired")


def _queue(runtime, sid: str) -> str:
    with Session(runtime.engine) as session:
        return session.exec(select(LiveCall).where(LiveCall.call_sid == sid)).one().queue


def _choose(caller: Caller, digits: str | None):
    form = caller.fields(Digits=digits) if digits is not None else caller.fields()
    return caller.post(_path(caller.keys_url), form)


def test_key_0_offers_each_department_and_its_key_reaches_that_departments_agent(client, runtime, twilio):
    make_agent(runtime, "wang", "+8613911110001", queues=("zh",))
    make_agent(runtime, "chen", "+8613911110005", queues=("zh-transport",))
    caller = Caller(client, runtime, twilio)

    menu = caller.press("0")
    said = spoken(menu)
    assert verbs(menu) == ["Gather", "Redirect"]
    assert "按1" in said and "按2" in said and "按3" not in said and "其他问题请稍候" in said

    heard = _choose(caller, "2")
    assert heard.find("Enqueue").text == "zh-transport" and _queue(runtime, caller.sid) == "zh-transport"
    work(runtime)
    assert AgentPhone(caller).number == "+8613911110005"  # chen serves the department's queue, wang does not


def test_no_key_or_an_unknown_key_puts_the_caller_in_the_general_queue(client, runtime, twilio):
    make_agent(runtime, "wang")
    silent, other = Caller(client, runtime, twilio), Caller(client, runtime, twilio, number="+8613800138001")
    silent.press("0")
    other.press("0")

    assert _choose(silent, None).find("Enqueue").text == "zh"  # Twilio's Redirect after the Gather: no Digits
    assert _choose(other, "7").find("Enqueue").text == "zh"
    assert {_queue(runtime, silent.sid), _queue(runtime, other.sid)} == {"zh"}


def test_a_malformed_department_keys_setting_is_refused_at_start():
    for bad in ("0=roads", "1=Roads", "1=roads,1=transport", "12=roads", "1="):
        with pytest.raises(ConfigError, match="CALL_DEPARTMENT_KEYS"):
            Settings(call_department_keys=bad).department_keys()
    assert Settings(call_department_keys="1=roads，2=transport").department_keys() == {"1": "roads", "2": "transport"}


def test_an_agent_sees_the_departments_queues_they_may_serve(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "wang"))
    page = client.get("/calls/line").get_data(as_text=True)
    assert "zh-environment, en-environment, zh-transport, en-transport</p>" in page  # not "retired"


def test_a_caller_with_a_hidden_number_hears_why_then_chooses_a_department(client, runtime, twilio):
    caller = Caller(client, runtime, twilio, number=WITHHELD)
    menu = caller.call_in()
    assert "号码已隐藏" in spoken(menu) and "按1" in spoken(menu)
    assert _choose(caller, "1").find("Enqueue").text == "zh-environment"
    with Session(runtime.engine) as session:
        call = session.exec(select(LiveCall).where(LiveCall.call_sid == caller.sid)).one()
    assert (call.queue, call.urn) == ("zh-environment", None)
