"""A life in danger: the citizen is told the number to ring at once, and every supervisor is alerted."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlmodel import Session, select

from core.config import ConfigError, parse_emergency_numbers
from feedback.cases.models import Case, CaseEvent
from staff.models import User
from tests.helpers import fixture
from tests.helpers.staff import make_user, sign_in_with_cookie
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import work
from web.open311 import keys

SUPERVISOR_MOBILE = "+8613900139000"
_TAKE = re.compile(r'action="(/alerts/\d+/take)"')


def _text(client, runtime, body: str, sid: str = "a") -> None:
    form = dict(fixture("twilio/sms_incoming_zh.json"), Body=body, MessageSid="SM" + sid * 32, SmsSid="SM" + sid * 32)
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    work(runtime)


def _supervisor(runtime, username: str = "duty", phone: str | None = SUPERVISOR_MOBILE) -> int:
    user_id = make_user(runtime, username, role="supervisor")
    with Session(runtime.engine) as session:
        user = session.get(User, user_id)
        user.phone, user.email = phone, f"{username}@county.example"
        session.add(user)
        session.commit()
    return user_id


def _events(runtime, kind: str) -> list[CaseEvent]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(CaseEvent).where(CaseEvent.kind == kind)))


def test_an_urgent_text_is_answered_with_the_number_to_ring_and_texts_the_supervisor(client, runtime, twilio):
    _supervisor(runtime)
    _text(client, runtime, "有人要跳楼了，在幸福小区5栋楼顶")

    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    assert case.priority == "urgent"
    sent = {sms["to"]: sms["body"] for sms in twilio.wait_for(2)}
    citizen, supervisor = sent["+8613800138000"], sent[SUPERVISOR_MOBILE]
    assert "110" in citizen and "立即拨打" in citizen and case.reference in citizen
    assert "已受理" not in citizen  # not the everyday acknowledgement
    assert case.reference in supervisor and "紧急" in supervisor
    [alert] = _events(runtime, "emergency_alert")
    assert alert.detail["alerted"] == [f"tel:{SUPERVISOR_MOBILE}", "mailto:duty@county.example"] or alert.detail[
        "alerted"
    ] == [f"tel:{SUPERVISOR_MOBILE}"]  # the mail goes out only where email is set up


@pytest.mark.parametrize(
    ("body", "number"),
    [("小区3栋着火了，浓烟很大", "119"), ("我爸突然倒地不省人事了，快来人", "120"), ("有人拿刀砍人", "110")],
)
def test_the_number_given_is_the_one_for_the_kind_of_danger(client, runtime, twilio, body, number):
    _text(client, runtime, body)
    [sms] = twilio.wait_for(1)
    assert number in sms["body"]
    # Whole numbers only: a case reference's digits may hold "110" without naming it.
    assert not ({"110", "119", "120"} - {number}) & set(re.findall(r"\d+", sms["body"]))


def test_every_supervisor_sees_the_alert_until_one_takes_it(client, runtime, twilio, app):
    first, second = _supervisor(runtime, "duty", None), _supervisor(runtime, "night", None)
    agent = make_user(runtime, "agent", departments=["urban_rural_construction"])
    _text(client, runtime, "救命！电梯困人了，里面有老人")
    with Session(runtime.engine) as session:
        reference = session.exec(select(Case.reference)).one()

    sign_in_with_cookie(client, agent)
    assert "Life in danger" not in client.get("/inbox").get_data(as_text=True)

    sign_in_with_cookie(client, first)
    page = client.get("/inbox").get_data(as_text=True)
    assert "Life in danger" in page and reference in page
    take = _TAKE.search(page).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(take, data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/cases/{reference}")

    with app.test_client() as other:
        sign_in_with_cookie(other, second)
        assert "Life in danger" not in other.get("/inbox").get_data(as_text=True)
    [taken] = _events(runtime, "emergency_taken")
    assert taken.actor == "duty"
    case_page = client.get(f"/cases/{reference}").get_data(as_text=True)
    assert "every supervisor alerted" in case_page and "Urgent alert taken" in case_page


def test_an_agent_cannot_take_an_alert(client, runtime, twilio):
    _supervisor(runtime, "duty", None)
    agent = make_user(runtime, "agent", departments=["urban_rural_construction"])
    _text(client, runtime, "有人溺水了，在村东头的水库")
    sign_in_with_cookie(client, agent)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/inbox").get_data(as_text=True)).group(1)
    assert client.post("/alerts/1/take", data={"csrf_token": token}).status_code == 403
    assert _events(runtime, "emergency_taken") == []


def test_a_follow_up_that_turns_dangerous_gets_the_advice_and_alerts_once(client, runtime, twilio):
    _supervisor(runtime)
    _text(client, runtime, "村口的路灯坏了三天了", "a")
    _text(client, runtime, "现在电线掉下来了，还在冒火花，旁边有小孩", "b")
    _text(client, runtime, "电线还在冒火花，有人要碰到了", "c")

    to_citizen = [s["body"] for s in twilio.wait_for(4) if s["to"] == "+8613800138000"]
    to_supervisor = [s for s in twilio.wait_for(4) if s["to"] == SUPERVISOR_MOBILE]
    assert "已受理" in to_citizen[0] and "119" in to_citizen[1] and "119" in to_citizen[2]
    assert len(to_supervisor) == 1 and len(_events(runtime, "emergency_alert")) == 1
    with Session(runtime.engine) as session:
        assert session.exec(select(Case.priority)).one() == "urgent"


def test_an_everyday_matter_alerts_nobody(client, runtime, twilio):
    _supervisor(runtime)
    _text(client, runtime, "气死了，楼下的烧烤店天天吵到半夜")
    [sms] = twilio.wait_for(1)
    assert sms["to"] == "+8613800138000" and "已受理" in sms["body"]
    assert _events(runtime, "emergency_alert") == []


def test_the_numbers_are_the_deployments(client, runtime, twilio):
    runtime.settings = replace(runtime.settings, emergency_numbers="police=999,fire=998,ambulance=997")
    form = dict(fixture("twilio/sms_incoming_en.json"), Body="Help, my house is on fire and my son is inside")
    twilio_post(client, runtime.settings, "/channels/sms", form)
    work(runtime)
    [sms] = twilio.wait_for(1)
    # The case reference is random digits and may hold "119" itself: look at the numbers offered to ring.
    assert "call 998 (fire)" in sms["body"] and "119 (" not in sms["body"] and "call 119" not in sms["body"]


@pytest.mark.parametrize(
    "raw", ["police=110,fire=119", "police=110,fire=119,ambulance=", "police=110,fire=119,ambulance=12O", "nonsense"]
)
def test_a_wrong_emergency_numbers_setting_is_refused_with_a_reason(raw):
    with pytest.raises(ConfigError, match="EMERGENCY_NUMBERS"):
        parse_emergency_numbers(raw)


def test_an_urgent_open311_request_tells_the_portal_what_to_show_the_citizen(client, runtime, twilio):
    _supervisor(runtime)
    with runtime.session() as session:
        key = keys.create(session, "provincial portal")
    form = {"api_key": key, "service_code": "urban_rural_construction", "address_string": "幸福路12号",
            "description": "路边井盖没了，已经有小孩掉下去了"}  # fmt: skip
    [body] = client.post("/open311/v2/requests.json", data=form).get_json()
    assert "110" in body["service_notice"] or "120" in body["service_notice"]
    assert body["service_request_id"] in body["service_notice"]
    work(runtime)
    [alert] = twilio.wait_for(1)
    assert alert["to"] == SUPERVISOR_MOBILE
