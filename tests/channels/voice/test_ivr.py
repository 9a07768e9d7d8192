"""The phone menu, walked key by key through the TwiML a caller would hear (tests/fixtures/twilio_voice/)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from channels.models import Interaction
from feedback.answers.outbox import queue_message
from feedback.cases.models import Case
from staff.models import User
from tests.helpers import fixture
from tests.helpers.twilio import CITIZEN, call_step, spoken, twilio_post, twiml, verbs, voice_fixture
from tests.helpers.worker import work

BASE = "https://hotline.example.gov.cn/channels/voice"


def _count(runtime, model=Interaction) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _case_by_sms(client, runtime, name: str = "twilio/sms_incoming_zh.json") -> Case:
    twilio_post(client, runtime.settings, "/channels/sms", fixture(name))
    work(runtime)
    with Session(runtime.engine) as session:
        return session.exec(select(Case)).one()


def _assign_and_answer(runtime, case: Case) -> None:
    with Session(runtime.engine) as session:
        agent = User(username="wang", display_name="王芳", password_hash="x")
        session.add(agent)
        session.flush()
        stored = session.get(Case, case.id)
        stored.assignee_id = agent.id
        session.add(stored)
        message = queue_message(
            session, "tel:" + CITIZEN, "sms", "路灯已于周二修复", "answer", stored.citizen_id, stored
        )
        message.status = "delivered"
        session.commit()


def test_a_new_caller_hears_the_menu_in_chinese_and_is_recorded_if_they_press_nothing(client, runtime):
    root = twiml(call_step(client, runtime.settings, "", voice_fixture("incoming_call")))

    assert verbs(root) == ["Gather", "Record", "Say", "Hangup"]
    gather, record = root[0], root[1]
    assert gather.get("numDigits") == "1" and gather.get("action") == f"{BASE}/menu?lang=zh"
    assert [say.get("language") for say in gather] == ["cmn-CN", "en-US"]
    assert "12345热线" in gather[0].text and "请按1" in gather[0].text and "请按2" in gather[0].text
    assert gather[1].text == "For English, press 9."
    assert record.get("maxLength") == "120" and record.get("finishOnKey") == "#"
    assert record.get("action") == f"{BASE}/recording?lang=zh"
    assert record.get("transcribe") == "true" and record.get("transcribeCallback") == f"{BASE}/transcription?lang=zh"
    assert "没有听到" in root[2].text
    assert _count(runtime) == 0  # answering a call stores nothing


def test_the_longest_message_follows_the_voice_max_recording_setting(client, runtime):
    runtime.channels["voice"].settings = runtime.settings.with_overrides(voice_max_recording_seconds=45)
    root = twiml(call_step(client, runtime.settings, "", voice_fixture("incoming_call")))
    assert root.find("Record").get("maxLength") == "45"


def test_a_citizen_known_to_write_in_english_is_greeted_in_english(client, runtime):
    _case_by_sms(client, runtime, "twilio/sms_incoming_en.json")
    form = voice_fixture("incoming_call", From="+447700900123", Caller="+447700900123")
    gather = twiml(call_step(client, runtime.settings, "", form)).find("Gather")
    assert gather[0].get("language") == "en-US" and gather[0].text.startswith("Hello, this is the 12345 hotline")
    assert gather[1].text == "如需中文服务，请按9。"
    assert gather.get("action") == f"{BASE}/menu?lang=en"


def test_pressing_9_switches_the_greeting_to_english_and_every_later_step_stays_in_english(client, runtime):
    root = twiml(call_step(client, runtime.settings, "menu", voice_fixture("gather_menu_key", Digits="9"), lang="zh"))
    assert root.find("Gather")[0].get("language") == "en-US"
    assert root.find("Gather").get("action") == f"{BASE}/menu?lang=en"
    assert root.find("Record").get("action") == f"{BASE}/recording?lang=en"
    back = twiml(call_step(client, runtime.settings, "menu", voice_fixture("gather_menu_key", Digits="9"), lang="en"))
    assert back.find("Gather")[0].get("language") == "cmn-CN"


def test_pressing_1_tells_a_known_caller_the_status_handler_and_answer_of_their_latest_case(client, runtime):
    case = _case_by_sms(client, runtime)
    _assign_and_answer(runtime, case)

    root = twiml(call_step(client, runtime.settings, "menu", voice_fixture("gather_menu_key", Digits="1"), lang="zh"))

    assert verbs(root) == ["Say", "Say", "Hangup"]
    said = spoken(root)
    assert " ".join(case.reference) in said  # digit by digit, as a caller can write it down
    assert "城乡建设" in said and "已受理" in said
    assert "王芳" in said and "路灯已于周二修复" in said


def test_pressing_1_from_a_number_without_cases_asks_for_a_case_number(client, runtime):
    root = twiml(call_step(client, runtime.settings, "menu", voice_fixture("gather_menu_key", Digits="1"), lang="zh"))
    assert verbs(root) == ["Gather", "Redirect"]
    gather = root.find("Gather")
    assert gather.get("numDigits") == "9" and gather.get("finishOnKey") == "#"
    assert gather.get("action") == f"{BASE}/reference?lang=zh&try=1"
    assert "九位工单号" in spoken(gather)
    assert root.find("Redirect").text == f"{BASE}?lang=zh"  # no key: back to the greeting, to leave a message
    assert _count(runtime) == 0


def test_a_case_number_typed_from_another_phone_gives_only_status_and_department(client, runtime):
    case = _case_by_sms(client, runtime)
    _assign_and_answer(runtime, case)
    stranger = voice_fixture("gather_reference_digits", Digits=case.reference, From="+8613900139000")

    root = twiml(call_step(client, runtime.settings, "reference", stranger, lang="zh", **{"try": "1"}))

    said = spoken(root)
    assert "城乡建设" in said and "已受理" in said
    assert "王芳" not in said and "路灯" not in said and "承办人" not in said
    assert verbs(root)[-1] == "Hangup"


def test_the_owner_typing_their_own_case_number_hears_the_full_status(client, runtime):
    case = _case_by_sms(client, runtime)
    _assign_and_answer(runtime, case)
    form = voice_fixture("gather_reference_digits", Digits=case.reference)
    said = spoken(twiml(call_step(client, runtime.settings, "reference", form, lang="zh")))
    assert "王芳" in said and "路灯已于周二修复" in said


def test_a_mistyped_case_number_can_be_typed_again_twice_then_the_call_ends_politely(client, runtime):
    case = _case_by_sms(client, runtime)
    wrong = case.reference[:-2] + case.reference[-1] + case.reference[-2]  # two digits swapped
    if wrong == case.reference:
        wrong = case.reference[:-1] + str((int(case.reference[-1]) + 1) % 10)
    form = voice_fixture("gather_reference_digits", Digits=wrong)

    first = twiml(call_step(client, runtime.settings, "reference", form, lang="zh", **{"try": "1"}))
    assert first.find("Gather").get("action") == f"{BASE}/reference?lang=zh&try=2"
    assert "不正确" in spoken(first)
    odd_digits = voice_fixture("gather_reference_digits", Digits="１２３４５６７８²")
    assert "不正确" in spoken(twiml(call_step(client, runtime.settings, "reference", odd_digits, lang="zh")))
    last = twiml(call_step(client, runtime.settings, "reference", form, lang="zh", **{"try": "3"}))
    assert verbs(last) == ["Say", "Say", "Hangup"] and "没能找到" in spoken(last)


def test_a_well_formed_reference_of_no_case_is_told_apart_from_a_mistyped_one(client, runtime):
    root = twiml(
        call_step(
            client,
            runtime.settings,
            "reference",
            voice_fixture("gather_reference_digits", Digits=_unused_reference()),
            lang="en",
        )
    )
    assert "We could not find that case" in spoken(root)


# 0 too: the knowledge bot's SMS answers tell citizens to call and press 0 for a person.
@pytest.mark.parametrize("key", ["2", "0"])
def test_pressing_2_asks_for_a_call_back_which_flags_a_case_and_is_confirmed_by_sms(client, runtime, twilio, key):
    root = twiml(call_step(client, runtime.settings, "menu", voice_fixture("gather_menu_key", Digits=key), lang="zh"))
    assert verbs(root) == ["Say", "Hangup"] and "回电" in spoken(root)

    work(runtime)

    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        contact = session.exec(select(Interaction).where(Interaction.direction == "in")).one()
    assert case.callback_requested and case.channel == "voice"
    assert contact.purpose == "callback_request" and contact.case_id == case.id
    [sms] = twilio.wait_for(1)
    assert sms["to"] == CITIZEN and case.reference in sms["body"] and "回电" in sms["body"]


def test_any_other_key_plays_the_greeting_again(client, runtime):
    root = twiml(call_step(client, runtime.settings, "menu", voice_fixture("gather_menu_key", Digits="7"), lang="zh"))
    assert verbs(root) == ["Gather", "Record", "Say", "Hangup"]
    assert _count(runtime) == 0


def test_a_hidden_number_is_asked_to_call_again_with_the_number_shown(client, runtime):
    root = twiml(call_step(client, runtime.settings, "", voice_fixture("hidden_number_call")))
    assert verbs(root) == ["Say", "Hangup"] and "隐藏号码" in spoken(root)
    assert _count(runtime) == 0


@pytest.mark.parametrize("step", ["", "menu", "reference", "recording", "transcription", "status"])
def test_no_recorded_request_to_any_step_is_answered_with_a_server_error(client, runtime, step):
    from tests.helpers import FIXTURES

    for path in sorted((FIXTURES / "twilio_voice").glob("*.json")):
        response = call_step(client, runtime.settings, step, voice_fixture(path.stem), lang="zh")
        assert response.status_code in (200, 400), f"{path.name} on {step!r}: {response.status_code}"


def _unused_reference() -> str:
    from feedback.cases.reference import check_digit

    return "10000000" + check_digit("10000000")
