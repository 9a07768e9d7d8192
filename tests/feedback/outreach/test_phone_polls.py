"""Consultations by phone: a call through the Calls API reads the question and its options, and the key the citizen
presses (posted to our signed webhook, as Twilio does) is their answer, as a digit by SMS is."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from sqlmodel import Session, select

from core import localtime
from core.clock import utcnow
from feedback.outreach import campaigns, polls, report
from feedback.outreach.campaigns import CampaignRefused
from feedback.outreach.models import Campaign, PollAnswer
from jobs import outreach
from tests.helpers.outreach import approved_notice, citizen, recipients, segment
from tests.helpers.twilio import CITIZEN, spoken, twilio_post, twiml, verbs, voice_fixture
from tests.helpers.worker import work

QUESTION = "{name}您好：村里计划修建文化广场，您是否赞成？"
OPTIONS = "赞成\n不赞成\n无所谓"


def _call_out(runtime, twilio) -> tuple[int, dict]:
    """Send a consultation by phone to the one villager; return the notice and the call Twilio was asked for."""
    citizen(runtime, "tel:" + CITIZEN, name="王芳", township="城关镇")
    texts = {"text_zh": QUESTION, "text_en": "Do you support a new square?"}
    notice = approved_notice(runtime, segment(runtime, township="城关镇"), options=OPTIONS, channel="voice", **texts)
    with runtime.session() as session:
        campaigns.start(session, session.get(Campaign, notice))
    outreach.request(runtime)
    work(runtime)
    calls = [call for call in twilio.calls.calls.values() if call["direction"] == "outbound-api"]
    assert len(calls) == 1
    return notice, calls[0]


def _gather_url(element: ET.Element) -> str:
    gather = element.find("Gather")
    assert gather is not None and gather.get("numDigits") == "1"
    parsed = urlparse(gather.get("action"))
    return f"{parsed.path}?{parsed.query}"


def _press(client, runtime, call: dict, url: str, digits: str | None):
    form = voice_fixture("poll_gather_key", CallSid=call["sid"], Digits=digits or "")
    if digits is None:
        form.pop("Digits")
    return twilio_post(client, runtime.settings, url, form)


def _answers(runtime, notice: int) -> list[PollAnswer]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(PollAnswer).where(PollAnswer.campaign_id == notice)))


def test_a_consultation_call_reads_the_question_and_a_key_records_the_answer(client, runtime, twilio):
    notice, call = _call_out(runtime, twilio)
    assert call["to"] == CITIZEN and call["from"] == runtime.settings.twilio_from_number
    question = ET.fromstring(call["twiml"])
    said = spoken(question)
    assert "王芳您好：村里计划修建文化广场，您是否赞成？" in said
    assert "赞成请按1" in said and "不赞成请按2" in said and "无所谓请按3" in said
    assert question.find("Gather/Say").get("language") == "cmn-CN"
    answer = twiml(_press(client, runtime, call, _gather_url(question), "2"))
    assert verbs(answer) == ["Say", "Hangup"] and "您选择了不赞成" in spoken(answer)
    work(runtime)
    assert [(a.option, a.channel) for a in _answers(runtime, notice)] == [(2, "voice")]
    assert recipients(runtime, notice)[0].reply_kind == "answer"
    _press(client, runtime, call, _gather_url(question), "2")  # Twilio retries the webhook: stored once
    work(runtime)
    with Session(runtime.engine) as session:
        assert polls.tallies(session, notice)["option"] == {2: 1}
        assert report.by_channel(session, notice)["voice"]["replied"] == 1


def test_a_later_sms_digit_replaces_the_answer_given_on_the_call(client, runtime, twilio):
    from tests.helpers.cases import text_in

    notice, call = _call_out(runtime, twilio)
    _press(client, runtime, call, _gather_url(ET.fromstring(call["twiml"])), "1")
    work(runtime)
    text_in(client, runtime, "3", sender=CITIZEN)
    assert [a.option for a in _answers(runtime, notice)] == [3]  # one answer per citizen: the last counts


def test_a_wrong_key_asks_once_more_and_a_second_wrong_key_is_no_answer(client, runtime, twilio):
    notice, call = _call_out(runtime, twilio)
    again = twiml(_press(client, runtime, call, _gather_url(ET.fromstring(call["twiml"])), "7"))
    assert "没有这个选项" in spoken(again) and "村里计划修建文化广场" in spoken(again) and "赞成请按1" in spoken(again)
    work(runtime)
    assert _answers(runtime, notice) == []  # nothing recorded while the question is read again
    last = twiml(_press(client, runtime, call, _gather_url(again), "8"))
    assert verbs(last) == ["Say", "Hangup"] and "没有收到您的选择" in spoken(last)
    work(runtime)
    assert _answers(runtime, notice) == []
    assert recipients(runtime, notice)[0].reply_kind == "no_answer"


def test_no_key_at_all_is_recorded_as_no_answer(client, runtime, twilio):
    notice, call = _call_out(runtime, twilio)
    question = ET.fromstring(call["twiml"])
    redirect = urlparse(question.find("Redirect").text)  # Twilio goes on here when the Gather times out
    last = twiml(_press(client, runtime, call, f"{redirect.path}?{redirect.query}", None))
    assert "没有收到您的选择" in spoken(last)
    work(runtime)
    assert _answers(runtime, notice) == [] and recipients(runtime, notice)[0].reply_kind == "no_answer"


def test_an_unsigned_key_is_refused_and_records_nothing(client, runtime, twilio):
    notice, call = _call_out(runtime, twilio)
    form = voice_fixture("poll_gather_key", CallSid=call["sid"])
    response = twilio_post(client, runtime.settings, _gather_url(ET.fromstring(call["twiml"])), form, signature="x")
    assert response.status_code == 403
    work(runtime)
    assert _answers(runtime, notice) == []


def test_an_unanswered_call_counts_as_failed_on_the_report(client, runtime, twilio):
    notice, call = _call_out(runtime, twilio)
    callback = urlparse(call["status_callback"])
    form = voice_fixture("poll_status_no_answer", CallSid=call["sid"])
    assert twilio_post(client, runtime.settings, f"{callback.path}?{callback.query}", form).status_code == 200
    with Session(runtime.engine) as session:
        assert report.by_channel(session, notice)["voice"]["failed"] == 1


def test_a_notice_without_options_cannot_go_by_phone_call(runtime):
    seg = segment(runtime, township="城关镇")
    with runtime.session() as session, pytest.raises(CampaignRefused, match="only a consultation"):
        notice = Campaign(title="t", segment_id=seg, created_by="author")
        campaigns.write(session, notice, {"title": "t", "segment_id": seg, "text_zh": "周五停水", "channel": "voice"},
                        "author")  # fmt: skip


def test_quiet_hours_hold_consultation_calls(runtime, twilio):
    hour = localtime.local(utcnow(), localtime.zone(runtime.settings.hotline_timezone)).hour
    runtime.settings = runtime.settings.with_overrides(outreach_quiet_hours=f"{hour}-{(hour + 1) % 24}")
    citizen(runtime, "tel:" + CITIZEN, township="城关镇")
    notice = approved_notice(runtime, segment(runtime, township="城关镇"), options=OPTIONS, channel="voice")
    with runtime.session() as session:
        campaigns.start(session, session.get(Campaign, notice))
    outreach.request(runtime)
    work(runtime)
    assert twilio.calls.calls == {} and recipients(runtime, notice)[0].status == "queued"


def test_a_citizen_who_prefers_calls_is_called_for_a_consultation_and_texted_a_notice(runtime, twilio):
    citizen(runtime, "tel:" + CITIZEN, township="城关镇", preferred_channel="voice")
    seg = segment(runtime, township="城关镇")
    poll = approved_notice(runtime, seg, options=OPTIONS, long_ok="1")
    plain = approved_notice(runtime, seg)
    with runtime.session() as session:
        campaigns.start(session, session.get(Campaign, poll))
        campaigns.start(session, session.get(Campaign, plain))
    assert [r.channel for r in recipients(runtime, poll)] == ["voice"]
    assert [r.channel for r in recipients(runtime, plain)] == ["sms"]


def test_the_results_page_and_csv_count_calls_answered_without_a_choice(client, runtime, twilio):
    from tests.helpers.staff import make_user, sign_in_with_cookie

    notice, call = _call_out(runtime, twilio)
    _press(client, runtime, call, _gather_url(ET.fromstring(call["twiml"])), "9")
    _press(client, runtime, call, _gather_url(ET.fromstring(call["twiml"])).replace("attempt=1", "attempt=2"), "9")
    work(runtime)
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    page = client.get(f"/outreach/campaigns/{notice}").get_data(as_text=True)
    assert '<tr class="no-answer"><td>No choice made on the call</td><td class="answers">1</td>' in page
    assert "no_answer,,,,1" in client.get(f"/outreach/campaigns/{notice}/results.csv").get_data(as_text=True)


@pytest.mark.parametrize(
    "path, changes",
    [
        ("/channels/voice/pollkey?n=3&attempt=1", {}),  # no message named
        ("/channels/voice/pollkey?m=abc&n=3", {}),
        ("/channels/voice/pollkey?m=1&n=3", {"CallSid": "not-a-call"}),
        ("/channels/voice/pollstatus?m=99999999999", {}),
    ],
)
def test_a_malformed_consultation_webhook_is_refused_and_stores_nothing(client, runtime, path, changes):
    from channels.models import Interaction

    form = voice_fixture("poll_gather_key", **changes)
    assert twilio_post(client, runtime.settings, path, form).status_code == 400
    with Session(runtime.engine) as session:
        assert session.exec(select(Interaction)).first() is None


def test_a_caller_with_an_open_consultation_is_offered_it_in_the_menu_and_answers_by_key(client, runtime, twilio):
    from tests.helpers.twilio import call_step

    citizen(runtime, "tel:" + CITIZEN, township="城关镇")
    seg = segment(runtime, township="城关镇")
    notice = approved_notice(runtime, seg, text_zh="关于{township}新建菜市场的意见征集。", options=OPTIONS, long_ok="1")
    with runtime.session() as session:
        campaigns.start(session, session.get(Campaign, notice))
    outreach.request(runtime)
    work(runtime)
    assert len(twilio.wait_for(1)) == 1  # sent by SMS
    greeting = twiml(call_step(client, runtime.settings, "", voice_fixture("incoming_call")))
    assert "我们正在征求您的意见，参与请按3。" in spoken(greeting)
    question = twiml(
        call_step(client, runtime.settings, "menu", voice_fixture("gather_menu_key", Digits="3"), lang="zh")
    )
    said = spoken(question)
    assert "关于城关镇新建菜市场的意见征集。" in said and "不赞成请按2" in said and "退订" not in said
    form = voice_fixture("gather_menu_key", Digits="2")  # the caller's own call: they are "From"
    assert "您选择了不赞成" in spoken(twiml(twilio_post(client, runtime.settings, _gather_url(question), form)))
    work(runtime)
    assert [(a.option, a.channel) for a in _answers(runtime, notice)] == [(2, "voice")]
    again = twiml(call_step(client, runtime.settings, "", voice_fixture("incoming_call", CallSid="CA" + "7" * 32)))
    assert "参与请按3" not in spoken(again)  # answered: not offered again


def test_a_caller_with_no_consultation_open_hears_no_offer_and_key_3_means_nothing(client, runtime):
    from tests.helpers.twilio import call_step

    greeting = twiml(call_step(client, runtime.settings, "", voice_fixture("incoming_call")))
    assert "参与请按3" not in spoken(greeting)
    menu = twiml(call_step(client, runtime.settings, "menu", voice_fixture("gather_menu_key", Digits="3"), lang="zh"))
    assert "参与请按3" not in spoken(menu) and menu.find("Gather").get("action").endswith(
        "/channels/voice/menu?lang=zh"
    )
