"""Replies to a notice: an acknowledgement is recorded against it, a question becomes a case, nothing is lost."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from channels.models import Interaction
from core.clock import utcnow
from feedback.cases.models import Case
from feedback.outreach import campaigns, report
from feedback.outreach.models import Campaign, CampaignRecipient
from jobs import outreach
from tests.helpers.cases import text_in
from tests.helpers.outreach import approved_notice, citizen, recipients, segment
from tests.helpers.twilio import CITIZEN
from tests.helpers.worker import work


def _noticed(runtime, twilio) -> int:
    citizen(runtime, "tel:" + CITIZEN, name="李明", township="城关镇")
    notice = approved_notice(runtime, segment(runtime, township="城关镇"))
    with runtime.session() as session:
        campaigns.start(session, session.get(Campaign, notice))
    outreach.request(runtime)
    work(runtime)
    twilio.wait_for(1)
    return notice


def _cases(runtime) -> list[Case]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(Case)))


def test_an_acknowledgement_is_recorded_against_the_notice_and_opens_nothing(client, runtime, twilio):
    notice = _noticed(runtime, twilio)
    text_in(client, runtime, "收到，谢谢")
    [recipient] = recipients(runtime, notice)
    assert recipient.reply_kind == "ack" and recipient.replied_at is not None
    assert _cases(runtime) == [] and len(twilio.messages) == 1  # no case, and no answer to an "ok"
    with Session(runtime.engine) as session:
        assert session.get(Interaction, recipient.reply_id).text == "收到，谢谢"
        assert report.by_channel(session, notice)["sms"]["replied"] == 1


def test_a_question_about_the_notice_becomes_a_case_and_is_noted_on_the_notice(client, runtime, twilio):
    notice = _noticed(runtime, twilio)
    case = text_in(client, runtime, "停水要停到几点？我家有老人需要用水")
    [recipient] = recipients(runtime, notice)
    assert case is not None and recipient.reply_kind == "case"
    with Session(runtime.engine) as session:
        assert session.get(Interaction, recipient.reply_id).case_id == case.id


def test_a_reply_long_after_the_notice_is_an_ordinary_message(client, runtime, twilio):
    notice = _noticed(runtime, twilio)
    with runtime.session() as session:
        row = session.exec(select(CampaignRecipient)).one()
        row.sent_at = utcnow() - timedelta(hours=runtime.settings.outreach_reply_hours + 1)
    text_in(client, runtime, "收到")
    assert recipients(runtime, notice)[0].replied_at is None
