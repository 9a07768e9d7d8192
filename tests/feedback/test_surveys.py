"""Satisfaction surveys: asked when a case is resolved, answered by SMS, Telegram buttons or the email link."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from channels import intake
from channels.base import Contact
from channels.models import Interaction
from feedback.answers import resolution
from feedback.cases.models import Case, StaffNotification
from feedback.surveys.models import SurveyResponse
from jobs import inbound
from jobs import outbound as outbound_jobs
from tests.helpers.cases import case_events, outbound, quick_case, text_in
from tests.helpers.worker import work


def _resolve(runtime, case_id: int) -> None:
    with runtime.session() as session:
        resolution.resolve_with_answer(session, session.get(Case, case_id), "路灯已修复，感谢反映。", "agent:wang")


def _survey(runtime) -> SurveyResponse:
    with Session(runtime.engine) as session:
        return session.exec(select(SurveyResponse)).one()


def _case(runtime, case_id: int) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id)


def _last_sms(twilio) -> str:
    return twilio.messages[-1]["body"]


@pytest.fixture
def resolved_by_sms(client, runtime, twilio) -> int:
    text_in(client, runtime, "村口的路灯坏了三天了")
    with Session(runtime.engine) as session:
        case_id = session.exec(select(Case.id)).one()
    _resolve(runtime, case_id)
    work(runtime)
    return case_id


def test_resolving_a_case_asks_the_citizen_by_sms_how_satisfied_they_are_after_the_answer(
    runtime, twilio, resolved_by_sms
):
    assert [m["body"] for m in twilio.wait_for(2)][1] == "路灯已修复，感谢反映。"
    assert len(twilio.messages) == 2  # the question waits a little, so it never overtakes the answer
    with runtime.session() as session:
        session.exec(update(Interaction).where(Interaction.purpose == "survey").values(next_attempt_at=None))
    outbound_jobs.drain()
    question = twilio.wait_for(3)[2]["body"]
    assert "满意吗" in question and "1-5" in question and "不满意" in question
    survey = _survey(runtime)
    assert survey.channel == "sms" and survey.answered_at is None


def test_a_digit_by_sms_is_stored_as_the_score_and_thanked(client, runtime, twilio, resolved_by_sms):
    text_in(client, runtime, "4")
    survey = _survey(runtime)
    assert (survey.score, survey.answered_via, survey.flagged) == (4, "sms", False)
    assert "感谢您的评价" in _last_sms(twilio)
    assert _case(runtime, resolved_by_sms).status == "resolved"


def test_no_survey_question_goes_out_after_the_citizen_already_answered(client, runtime, twilio, resolved_by_sms):
    text_in(client, runtime, "5 谢谢")  # answered on reading the answer, before the delayed question left
    with runtime.session() as session:
        session.exec(update(Interaction).where(Interaction.purpose == "survey").values(next_attempt_at=None))
    outbound_jobs.drain()
    assert not any("满意吗" in m["body"] for m in twilio.messages)
    [question] = outbound(runtime, "survey")
    assert question.status == "cancelled" and _survey(runtime).score == 5


def test_a_digit_with_a_comment_keeps_the_comment(client, runtime, twilio, resolved_by_sms):
    text_in(client, runtime, "5 师傅很及时")
    survey = _survey(runtime)
    assert (survey.score, survey.comment) == (5, "师傅很及时")


@pytest.mark.parametrize(
    ("word", "score", "flagged"), [("满意", 5, False), ("基本满意", 3, False), ("不满意", 1, True)]
)
def test_the_three_survey_words_are_understood(client, runtime, twilio, resolved_by_sms, word, score, flagged):
    text_in(client, runtime, word)
    survey = _survey(runtime)
    assert (survey.score, survey.flagged) == (score, flagged)


def test_an_unhappy_answer_flags_the_case_for_the_supervisor_and_offers_a_reopen(
    client, runtime, twilio, resolved_by_sms
):
    text_in(client, runtime, "not satisfied")
    with Session(runtime.engine) as session:
        [alert] = session.exec(select(StaffNotification).where(StaffNotification.kind == "survey_unhappy")).all()
        case = session.get(Case, resolved_by_sms)
    assert alert.role == "supervisor" and alert.department_id == case.department_id
    assert "survey_flagged" in [e.kind for e in case_events(runtime, case.id)]
    assert "重新办理" in _last_sms(twilio)
    text_in(client, runtime, "重新办理")
    case = _case(runtime, resolved_by_sms)
    assert case.status == "in_progress"
    reopened = [e for e in case_events(runtime, case.id) if e.kind == "reopened"]
    assert reopened[0].detail["reason"] == "the citizen asked to reopen"


def test_a_new_message_that_starts_with_a_digit_is_not_taken_for_a_score(client, runtime, twilio, resolved_by_sms):
    text_in(client, runtime, "3楼的灯也坏了")
    assert _survey(runtime).answered_at is None
    assert _case(runtime, resolved_by_sms).status == "in_progress"


def test_nonsense_gets_a_short_help_reply_and_the_survey_stays_open(client, runtime, twilio, resolved_by_sms):
    text_in(client, runtime, "6")
    text_in(client, runtime, "嗯？")
    survey = _survey(runtime)
    assert survey.answered_at is None and survey.help_replies == 2
    assert "请回复数字 1-5" in _last_sms(twilio)
    text_in(client, runtime, "3")
    assert _survey(runtime).score == 3


def test_after_two_hints_a_short_message_is_taken_as_a_new_message_on_the_case(
    client, runtime, twilio, resolved_by_sms
):
    for text in ("x", "y", "z"):
        text_in(client, runtime, text)
    assert _case(runtime, resolved_by_sms).status == "in_progress"
    assert _survey(runtime).answered_at is None


def test_a_telegram_button_press_answers_the_survey(runtime):
    case_id = quick_case(runtime, urn="telegram:424242", channel="telegram")
    _resolve(runtime, case_id)
    [question] = outbound(runtime, "survey")
    assert question.channel == "telegram" and question.urn == "telegram:424242"
    buttons = [row[0] for row in question.payload["options"]["reply_markup"]["inline_keyboard"]]
    assert [b["callback_data"] for b in buttons] == ["5", "4", "3", "2", "1"]
    # The Telegram channel turns a button press into a contact whose text is the button's data.
    press = Contact("telegram", "telegram:424242", "callback-77", "2", payload={"callback_query": {"data": "2"}})
    intake.store(runtime.engine, [press])
    inbound.process_batch(runtime)
    survey = _survey(runtime)
    assert (survey.score, survey.answered_via, survey.flagged) == (2, "telegram", True)


def test_the_email_survey_link_takes_an_answer_without_signing_in(client, runtime):
    case_id = quick_case(runtime, urn="mailto:zhang@example.cn", channel="email")
    _resolve(runtime, case_id)
    [question] = outbound(runtime, "survey")
    link = re.search(r"https://hotline\.example\.gov\.cn(/survey/\S+)", question.text).group(1)
    page = client.get(link)
    reference = _case(runtime, case_id).reference
    assert page.status_code == 200 and reference in page.get_data(as_text=True)
    missing = client.post(link, data={"comment": "no score"})
    assert missing.status_code == 400 and _survey(runtime).answered_at is None
    sent = client.post(link, data={"score": "1", "solved": "no", "comment": "<b>还是不亮</b>"})
    assert sent.status_code == 200 and "重新办理" in sent.get_data(as_text=True)
    survey = _survey(runtime)
    assert (survey.score, survey.solved, survey.answered_via, survey.flagged) == (1, False, "web", True)
    assert survey.comment == "<b>还是不亮</b>"
    again = client.get(link).get_data(as_text=True)
    assert "already answered" in again


def test_a_forged_or_mangled_survey_link_is_refused(client, runtime):
    case_id = quick_case(runtime, urn="mailto:zhang@example.cn", channel="email")
    _resolve(runtime, case_id)
    link = re.search(r"(/survey/\S+)", outbound(runtime, "survey")[0].text).group(1)
    assert client.get(link[:-2] + "xx").status_code == 404
    assert client.post("/survey/1.forged.token", data={"score": "5"}).status_code == 404
    assert _survey(runtime).answered_at is None


def test_unanswered_surveys_stay_on_record_for_the_response_rate(runtime):
    for n in range(3):
        _resolve(runtime, quick_case(runtime, urn=f"tel:+86138001380{n:02d}"))
    with Session(runtime.engine) as session:
        asked = session.exec(select(SurveyResponse)).all()
        answered = session.exec(select(SurveyResponse).where(col(SurveyResponse.answered_at).is_not(None))).all()
    assert (len(asked), len(answered)) == (3, 0)


def test_an_email_reply_with_the_question_quoted_below_answers_the_survey(runtime):
    case_id = quick_case(runtime, urn="mailto:zhang@example.cn", channel="email")
    _resolve(runtime, case_id)
    reply = "4 修得不错\n\n在 2026年11月23日 12345 写道：\n> 您对办理结果满意吗？请回复数字 1-5"
    intake.store(runtime.engine, [Contact("email", "mailto:zhang@example.cn", "<reply-1@example.cn>", reply, {})])
    inbound.process_batch(runtime)
    survey = _survey(runtime)
    assert (survey.score, survey.comment, survey.answered_via) == (4, "修得不错", "email")
