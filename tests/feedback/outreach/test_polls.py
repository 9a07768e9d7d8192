"""Consultations (意见征集): numbered options answered by a digit or a button, the last answer counting,
tallied per option, township and age group, with a CSV."""

from __future__ import annotations

import copy

from sqlmodel import Session, select

from feedback.cases.models import Case
from feedback.outreach import campaigns, polls
from feedback.outreach.models import Campaign, PollAnswer
from jobs import outreach
from tests.helpers.cases import text_in
from tests.helpers.outreach import approved_notice, citizen, segment
from tests.helpers.staff import make_user, sign_in_with_cookie
from tests.helpers.telegram import USER_ID, post_update, update
from tests.helpers.twilio import CITIZEN
from tests.helpers.worker import work

OPTIONS = "同意\n不同意\n=1+1"


def _consult(runtime, seg: int) -> int:
    notice = approved_notice(runtime, seg, text_zh="关于{township}新建菜市场的意见征集。", text_en="Market plan.",
                             options=OPTIONS, long_ok="1")  # fmt: skip
    with runtime.session() as session:
        campaigns.start(session, session.get(Campaign, notice))
    outreach.request(runtime)
    work(runtime)
    return notice


def _answers(runtime) -> list[tuple[int, str]]:
    with Session(runtime.engine) as session:
        return [(a.option, a.channel) for a in session.exec(select(PollAnswer))]


def test_an_sms_consultation_is_answered_by_digit_and_the_last_answer_counts(client, runtime, twilio):
    citizen(runtime, "tel:" + CITIZEN, township="城关镇", age_group="60+")
    notice = _consult(runtime, segment(runtime, township="城关镇"))
    [sent] = twilio.wait_for(1)
    assert sent["body"].startswith("关于城关镇新建菜市场的意见征集。 请回复数字：1. 同意 2. 不同意")
    text_in(client, runtime, "2")
    text_in(client, runtime, "1")
    assert _answers(runtime) == [(1, "sms")]
    assert "已记录您的选择：1. 同意" in twilio.wait_for(3)[-1]["body"]
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).first() is None
        tallies = polls.tallies(session, notice)
    assert (
        tallies["option"][1] == 1 and tallies["township"][("城关镇", 1)] == 1 and tallies["age_group"][("60+", 1)] == 1
    )


def test_a_telegram_consultation_is_answered_with_its_buttons(client, runtime, telegram):
    citizen(runtime, f"telegram:{USER_ID}", township="城关镇")
    _consult(runtime, segment(runtime, township="城关镇"))
    [sent] = telegram.wait_for(1)
    buttons = [row[0]["callback_data"] for row in sent["reply_markup"]["inline_keyboard"]]
    assert buttons == ["1", "2", "3", "/stop"]
    press = copy.deepcopy(update("callback_query"))
    press["callback_query"]["data"] = "2"
    post_update(client, press)
    work(runtime)
    assert _answers(runtime) == [(2, "telegram")]


def test_the_results_page_and_csv_count_answers_and_escape_formulas(client, runtime, twilio):
    citizen(runtime, "tel:" + CITIZEN, township="城关镇")
    notice = _consult(runtime, segment(runtime, township="城关镇"))
    text_in(client, runtime, "3")
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    page = client.get(f"/outreach/campaigns/{notice}").get_data(as_text=True)
    assert '<tr data-option="3"><td>3. =1+1</td><td class="answers">1</td>' in page
    csv = client.get(f"/outreach/campaigns/{notice}/results.csv").get_data(as_text=True)
    assert "all,,3,'=1+1,1" in csv and "township,城关镇,3,'=1+1,1" in csv


def test_free_text_to_a_consultation_is_feedback_on_the_notice_but_a_complaint_opens_a_case(client, runtime, twilio):
    citizen(runtime, "tel:" + CITIZEN, township="城关镇", age_group="60+")
    notice = _consult(runtime, segment(runtime, township="城关镇"))
    text_in(client, runtime, "=菜市场最好建在学校东边，停车方便些")
    assert "感谢您的意见，已记录。" in twilio.wait_for(2)[-1]["body"]
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).first() is None  # an opinion opens nothing
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    page = client.get(f"/outreach/campaigns/{notice}").get_data(as_text=True)
    assert '<td class="comment-text">=菜市场最好建在学校东边，停车方便些</td>' in page
    csv = client.get(f"/outreach/campaigns/{notice}/results.csv").get_data(as_text=True)
    assert "comment,城关镇,,'=菜市场最好建在学校东边，停车方便些," in csv
    text_in(client, runtime, "我要投诉，菜市场工地晚上施工太吵了")
    with Session(runtime.engine) as session:
        assert len(session.exec(select(Case)).all()) == 1  # a complaint is a matter for the hotline
        assert len(polls.comments(session, notice)) == 1


def test_a_citizens_written_feedback_is_in_their_export_and_goes_with_an_erasure(client, runtime, twilio):
    from feedback.privacy import erasure, export, holdings

    person = citizen(runtime, "tel:" + CITIZEN, township="城关镇")
    notice = _consult(runtime, segment(runtime, township="城关镇"))
    text_in(client, runtime, "希望菜市场早上六点开门")
    with runtime.session() as session:
        held = export.held_about(session, holdings.person(session, person))
        assert [row["text"] for row in held["consultation_feedback"]] == ["希望菜市场早上六点开门"]
        erasure.erase(session, runtime.blobs, person, "admin", "the citizen asked")
    with Session(runtime.engine) as session:
        assert [c.text for c in polls.comments(session, notice)] == [""]  # the count stays, the words go


def test_the_results_page_draws_answers_per_option_township_and_age_group(client, runtime, twilio):
    villagers = [("+8613800000301", "城关镇", "18-35"), ("+8613800000302", "城关镇", "60+"),
                 ("+8613800000303", "河西乡", "60+")]  # fmt: skip
    for phone, township, age in villagers:
        citizen(runtime, "tel:" + phone, county="东县", township=township, age_group=age)
    notice = _consult(runtime, segment(runtime, county="东县"))
    for (phone, _township, _age), digit in zip(villagers, "112", strict=True):
        text_in(client, runtime, digit, sender=phone)
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    page = client.get(f"/outreach/campaigns/{notice}").get_data(as_text=True)
    by_option = page.split('class="poll-chart poll-chart-option"')[1].split("</figure>")[0]
    assert (
        "<svg" in by_option and "<title>1. 同意: 2</title>" in by_option and "<title>2. 不同意: 1</title>" in by_option
    )
    by_township = page.split('class="poll-chart poll-chart-township"')[1].split("</figure>")[0]
    assert "<title>城关镇 · 1. 同意: 2</title>" in by_township and "<title>河西乡 · 2. 不同意: 1</title>" in by_township
    by_age = page.split('class="poll-chart poll-chart-age_group"')[1].split("</figure>")[0]
    assert "<title>60+ · 1. 同意: 1</title>" in by_age and "<title>60+ · 2. 不同意: 1</title>" in by_age
    assert "<script" not in by_option + by_township + by_age  # drawn on the server, nothing fetched
