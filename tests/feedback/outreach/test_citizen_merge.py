"""Merging two citizens who both received one notice, answered one poll or carry one tag: the merge goes through,
the kept citizen keeps their own row, and an undo gives the other record back what it had."""

from __future__ import annotations

from sqlmodel import Session, select

from feedback.outreach.models import Campaign, CampaignRecipient, CitizenTag, PollAnswer, Segment
from router.identity import merge
from router.identity.models import Citizen


def test_twins_of_one_notice_poll_and_tag_do_not_stop_a_merge(runtime):
    with runtime.session() as session:
        kept, other = Citizen(name="王芳"), Citizen()
        segment = Segment(name="张家村", criteria={"village": "张家村"}, created_by="boss")
        session.add_all([kept, other, segment])
        session.flush()
        notice = Campaign(title="停水通知", segment_id=segment.id, text_zh="周二停水", created_by="boss",
                          options=["同意", "不同意"])  # fmt: skip
        session.add(notice)
        session.flush()
        for citizen, option in ((kept, 1), (other, 2)):
            session.add(CampaignRecipient(campaign_id=notice.id, citizen_id=citizen.id, urn="tel:+8613800000001"))
            session.add(PollAnswer(campaign_id=notice.id, citizen_id=citizen.id, option=option, channel="sms"))
            session.add(CitizenTag(citizen_id=citizen.id, tag="低保户"))
        session.add(CitizenTag(citizen_id=other.id, tag="独居老人"))
        kept_id, other_id = kept.id, other.id
    with runtime.session() as session:
        record = merge.merge(session, kept_id, other_id, "boss")
        record_id = record.id
    with Session(runtime.engine) as session:
        tags = sorted(t.tag for t in session.exec(select(CitizenTag).where(CitizenTag.citizen_id == kept_id)))
        assert tags == ["低保户", "独居老人"]  # the other's own tag came over; the twin stayed behind
        [answer] = session.exec(select(PollAnswer).where(PollAnswer.citizen_id == kept_id)).all()
        assert answer.option == 1  # the kept citizen's own answer stands
        assert len(session.exec(select(CampaignRecipient).where(CampaignRecipient.citizen_id == kept_id)).all()) == 1
    with runtime.session() as session:
        merge.undo(session, record_id, "boss")
    with Session(runtime.engine) as session:
        back = sorted(t.tag for t in session.exec(select(CitizenTag).where(CitizenTag.citizen_id == other_id)))
        assert back == ["低保户", "独居老人"]
