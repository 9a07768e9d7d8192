"""The bot answers known questions on the citizen's channel, hands over on "0", and never answers complaints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from channels.models import INBOUND, OUTBOUND, Interaction
from core.runtime import install
from feedback.cases.models import Case
from knowledge import outcomes
from knowledge.models import HELPED, HUMAN, KnowledgeAnswer
from tests.helpers import fixture
from tests.helpers.knowledge import article, load_seed, receive
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import work
from wiring.bootstrap import build_runtime

PHONE = "tel:+8613800138000"
TELEGRAM = "telegram:424242"
CLEAR_ZH = "身份证丢了怎么补办？"


@pytest.fixture
def seeded(runtime):
    load_seed(runtime)
    return runtime


def rows(runtime, model, *where):
    with Session(runtime.engine) as session:
        return list(session.exec(select(model).where(*where).order_by(col(model.id))))


def sent(runtime) -> list[Interaction]:
    return rows(runtime, Interaction, Interaction.direction == OUTBOUND)


def test_a_known_question_by_sms_gets_the_short_answer_and_no_case(client, seeded, twilio):
    form = dict(fixture("twilio/sms_incoming_zh.json"), Body=CLEAR_ZH)
    assert twilio_post(client, seeded.settings, "/channels/sms", form).status_code == 200
    work(seeded)

    [sms] = twilio.wait_for(1)
    assert sms["to"] == "+8613800138000"
    assert article(seeded, "身份证丢失补办").short_answer in sms["body"]
    assert "回复0" in sms["body"] and "按0" in sms["body"]
    assert rows(seeded, Case) == []
    [answer] = rows(seeded, KnowledgeAnswer)
    assert answer.confidence >= seeded.settings.knowledge_answer_threshold and answer.outcome is None


def test_an_english_question_is_answered_in_english(seeded):
    receive(seeded, "sms", "tel:+447700900123", "How do I withdraw my housing provident fund?")
    [reply] = sent(seeded)
    assert reply.text.startswith("[12345] You can withdraw your housing provident fund")
    assert "reply 0" in reply.text


def test_a_vague_question_below_the_threshold_opens_a_case_instead_of_a_guess(seeded):
    receive(seeded, "sms", PHONE, "身份证的事情想问一下")
    assert rows(seeded, KnowledgeAnswer) == []
    [case] = rows(seeded, Case)
    assert case.summary == "身份证的事情想问一下"


def test_raising_the_threshold_sends_even_a_clear_question_to_a_case(settings):
    strict = install(build_runtime(settings.with_overrides(knowledge_answer_threshold=0.99)))
    load_seed(strict)
    receive(strict, "sms", PHONE, CLEAR_ZH)
    assert rows(strict, KnowledgeAnswer) == [] and len(rows(strict, Case)) == 1


def test_replying_0_after_an_answer_opens_a_case_with_the_original_question(seeded):
    receive(seeded, "sms", PHONE, CLEAR_ZH)
    receive(seeded, "sms", PHONE, "0")

    [case] = rows(seeded, Case)
    assert case.summary == CLEAR_ZH
    assert {
        m.text for m in rows(seeded, Interaction, Interaction.case_id == case.id, Interaction.direction == INBOUND)
    } == {
        CLEAR_ZH,
        "0",
    }
    [answer] = rows(seeded, KnowledgeAnswer)
    assert answer.outcome == HUMAN and answer.case_id == case.id
    assert case.reference in sent(seeded)[-1].text  # the citizen is told their case number


def test_replying_人工_also_reaches_a_person(seeded):
    receive(seeded, "sms", PHONE, "社保卡在哪里办")
    receive(seeded, "sms", PHONE, "人工")
    [case] = rows(seeded, Case)
    assert case.summary == "社保卡在哪里办"


def test_replying_1_records_that_the_answer_helped_and_opens_no_case(seeded):
    receive(seeded, "sms", PHONE, CLEAR_ZH)
    receive(seeded, "sms", PHONE, "1")
    [answer] = rows(seeded, KnowledgeAnswer)
    assert answer.outcome == HELPED
    assert rows(seeded, Case) == []
    assert "感谢您的反馈" in sent(seeded)[-1].text


def test_a_0_with_no_answer_to_refer_to_is_an_ordinary_message(seeded):
    receive(seeded, "sms", PHONE, "0")
    [case] = rows(seeded, Case)
    assert case.summary == "0"


@pytest.mark.parametrize(
    "complaint",
    [
        "我要投诉：身份证丢了去补办，窗口排队两个小时没人管",
        "举报补办身份证乱收费",
        "I want to complain: my lost ID card replacement",
    ],
)
def test_a_complaint_that_names_a_known_topic_is_never_answered_away(seeded, complaint):
    receive(seeded, "sms", PHONE, complaint)
    assert rows(seeded, KnowledgeAnswer) == []
    [case] = rows(seeded, Case)
    assert case.summary == complaint


def test_a_citizen_with_an_open_case_has_their_question_join_it(seeded):
    receive(seeded, "sms", PHONE, "村口的路灯坏了三天了")
    receive(seeded, "sms", PHONE, CLEAR_ZH)
    assert rows(seeded, KnowledgeAnswer) == []
    [case] = rows(seeded, Case)
    assert CLEAR_ZH in [m.text for m in rows(seeded, Interaction, Interaction.case_id == case.id)]


def test_telegram_answers_carry_the_full_guide_and_two_buttons(seeded):
    receive(seeded, "telegram", TELEGRAM, "政务服务中心周末开门吗")
    [answer] = rows(seeded, KnowledgeAnswer)
    [reply] = sent(seeded)
    assert "人民路88号" in reply.text and "周六" in reply.text
    [row] = reply.payload["options"]["reply_markup"]["inline_keyboard"]
    assert row == [
        {"text": "有帮助", "callback_data": f"kb:helped:{answer.id}"},
        {"text": "我仍需要帮助", "callback_data": f"kb:human:{answer.id}"},
    ]


def test_the_still_need_help_button_opens_a_case_and_a_second_press_changes_nothing(seeded):
    receive(seeded, "telegram", TELEGRAM, "政务服务中心周末开门吗")
    [answer] = rows(seeded, KnowledgeAnswer)
    receive(seeded, "telegram", TELEGRAM, f"kb:human:{answer.id}")
    receive(seeded, "telegram", TELEGRAM, f"kb:human:{answer.id}")
    [case] = rows(seeded, Case)
    assert case.summary == "政务服务中心周末开门吗" and case.channel == "telegram"
    assert rows(seeded, KnowledgeAnswer)[0].outcome == HUMAN


def test_the_this_helped_button_records_it(seeded):
    receive(seeded, "telegram", TELEGRAM, "政务服务中心周末开门吗")
    [answer] = rows(seeded, KnowledgeAnswer)
    receive(seeded, "telegram", TELEGRAM, f"kb:helped:{answer.id}")
    assert rows(seeded, KnowledgeAnswer)[0].outcome == HELPED and rows(seeded, Case) == []


def test_a_button_for_another_citizens_answer_does_nothing(seeded):
    receive(seeded, "telegram", TELEGRAM, "政务服务中心周末开门吗")
    [answer] = rows(seeded, KnowledgeAnswer)
    receive(seeded, "telegram", "telegram:999", f"kb:human:{answer.id}")
    assert rows(seeded, Case) == [] and rows(seeded, KnowledgeAnswer)[0].outcome is None


def _age(runtime, days: int) -> None:
    """Move every answer and message `days` into the past, as if time had passed since."""
    with Session(runtime.engine) as session:
        for record in session.exec(select(KnowledgeAnswer)):
            record.created_at -= timedelta(days=days)
            record.window_ends_at -= timedelta(days=days)
            session.add(record)
        for message in session.exec(select(Interaction)):
            message.created_at -= timedelta(days=days)
            session.add(message)
        session.commit()


def test_per_article_figures_tell_answers_that_ended_the_matter_from_ones_that_came_back(seeded):
    receive(seeded, "sms", "tel:+8613800000001", CLEAR_ZH)  # never heard from again
    receive(seeded, "sms", "tel:+8613800000002", CLEAR_ZH)
    receive(seeded, "sms", "tel:+8613800000002", "1")  # said it helped: not "coming back"
    receive(seeded, "sms", "tel:+8613800000003", CLEAR_ZH)
    _age(seeded, 8)
    receive(seeded, "sms", "tel:+8613800000004", CLEAR_ZH)  # answered today: still pending
    receive(seeded, "sms", "tel:+8613800000005", CLEAR_ZH)
    receive(seeded, "sms", "tel:+8613800000005", "补办要带户口本吗？还是不清楚")  # came back within 7 days

    article_id = article(seeded, "身份证丢失补办").id
    with Session(seeded.engine) as session:
        figures = outcomes.article_outcomes(session)[article_id]
    assert (figures.answers, figures.ended, figures.came_back, figures.pending, figures.helped) == (5, 3, 1, 1, 1)
    assert figures.ended_share == pytest.approx(0.75)
