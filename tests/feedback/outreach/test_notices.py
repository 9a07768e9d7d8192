"""Notices to a segment: two-person approval, each citizen's copy once, consent asked at send time, quiet
hours, the provider's refusals, pause and cancel, a killed sender, and the report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from channels.models import Interaction
from core import localtime, queues
from core.clock import utcnow
from feedback.outreach import campaigns, report, sending
from feedback.outreach.campaigns import CampaignRefused
from feedback.outreach.models import Campaign, CampaignRecipient
from feedback.outreach.wording import WordingRefused
from jobs import outreach
from router.identity.models import Citizen
from tests.helpers.outreach import approved_notice, citizen, recipients, segment
from tests.helpers.worker import work

ONE, TWO = "+8613800000101", "+8613800000102"


def _start(runtime, campaign_id: int, send_at=None) -> int:
    """Send a notice as the page's button does: start it, then wake the outreach queue."""
    with runtime.session() as session:
        queued = campaigns.start(session, session.get(Campaign, campaign_id), send_at)
    outreach.request(runtime)
    return queued


def _two_villagers(runtime) -> int:
    citizen(runtime, "tel:" + ONE, name="李明", township="城关镇")
    citizen(runtime, "tel:" + TWO, language="en", name="Ann", township="城关镇")
    citizen(runtime, "tel:+8613800000109", township="河西乡")
    return segment(runtime, township="城关镇")


def test_an_approved_notice_reaches_each_citizen_once_in_their_language(runtime, twilio):
    notice = approved_notice(runtime, _two_villagers(runtime))
    assert _start(runtime, notice) == 2
    work(runtime)
    sent = {m["to"]: m["body"] for m in twilio.wait_for(2)}
    assert sent == {
        ONE: "李明您好：城关镇周五停水。 回复TD退订",
        TWO: "Dear Ann: water is off in 城关镇 on Friday. Reply STOP to opt out",
    }
    work(runtime)  # nothing is sent twice, however often the worker looks
    assert len(twilio.messages) == 2
    with Session(runtime.engine) as session:
        assert session.get(Campaign, notice).status == "done"
        figures = report.by_channel(session, notice)
    assert figures["sms"]["recipients"] == 2 and figures["sms"]["sent"] == 2


def test_the_author_cannot_approve_and_nothing_goes_without_approval(runtime):
    seg = _two_villagers(runtime)
    with runtime.session() as session:
        notice = Campaign(title="t", segment_id=seg, created_by="author")
        campaigns.write(session, notice, {"title": "t", "segment_id": seg, "text_zh": "周五停水"}, "author")
        with pytest.raises(CampaignRefused, match="author cannot approve"):
            campaigns.approve(session, notice, "author")
        with pytest.raises(CampaignRefused, match="must be approved"):
            campaigns.start(session, notice)
        campaigns.approve(session, notice, "second")
        assert notice.status == "approved" and notice.approved_by == "second"


def test_unknown_variables_long_sms_and_empty_segments_are_refused(runtime):
    seg = _two_villagers(runtime)
    nobody = segment(runtime, township="无人镇")
    with runtime.session() as session:
        notice = Campaign(title="t", segment_id=seg, created_by="author")
        with pytest.raises(WordingRefused, match=r"unknown variable \{phone\}"):
            campaigns.write(session, notice, {"title": "t", "segment_id": seg, "text_zh": "{phone}您好"}, "author")
        with pytest.raises(CampaignRefused, match="takes 3 segments"):
            campaigns.write(session, notice, {"title": "t", "segment_id": seg, "text_zh": "停水" * 80}, "author")
        campaigns.write(session, notice, {"title": "t", "segment_id": seg, "text_zh": "停水" * 80, "long_ok": "1"},
                        "author")  # fmt: skip
    empty = approved_notice(runtime, nobody)
    with pytest.raises(CampaignRefused, match="nobody to send to"):
        _start(runtime, empty)


def test_editing_a_notice_that_is_sending_is_refused(runtime, twilio):
    seg = _two_villagers(runtime)
    notice = approved_notice(runtime, seg)
    _start(runtime, notice)
    with runtime.session() as session, pytest.raises(CampaignRefused, match="cannot be edited"):
        campaigns.write(session, session.get(Campaign, notice), {"title": "x", "segment_id": seg,
                                                                  "text_zh": "改"}, "author")  # fmt: skip


def test_a_citizen_who_opts_out_after_the_notice_started_gets_nothing(runtime, twilio):
    notice = approved_notice(runtime, _two_villagers(runtime))
    _start(runtime, notice)
    with runtime.session() as session:
        from router.identity.recognise import find_citizen

        find_citizen(session, "tel:" + TWO).opted_out_at = utcnow()
    work(runtime)
    assert [m["to"] for m in twilio.wait_for(1)] == [ONE]
    statuses = {r.urn: r.status for r in recipients(runtime, notice)}
    assert statuses == {"tel:" + ONE: "sent", "tel:" + TWO: "opted_out"}


def test_telegram_copies_carry_a_stop_button(runtime, telegram):
    citizen(runtime, "telegram:777001", name="王芳", township="城关镇")
    notice = approved_notice(runtime, segment(runtime, township="城关镇"))
    _start(runtime, notice)
    work(runtime)
    [sent] = telegram.wait_for(1)
    assert sent["text"] == "王芳您好：城关镇周五停水。"
    [[button]] = sent["reply_markup"]["inline_keyboard"]
    assert button["callback_data"] == "/stop" and button["text"] == "不再接收通知"


def test_quiet_hours_hold_sms_but_not_an_urgent_notice(runtime, twilio):
    hour = localtime.local(utcnow(), localtime.zone(runtime.settings.hotline_timezone)).hour
    runtime.settings = runtime.settings.with_overrides(outreach_quiet_hours=f"{hour}-{(hour + 1) % 24}")
    seg = _two_villagers(runtime)
    calm = approved_notice(runtime, seg)
    _start(runtime, calm)
    work(runtime)
    assert twilio.messages == [] and {r.status for r in recipients(runtime, calm)} == {"queued"}
    urgent = approved_notice(runtime, seg, urgent="1")
    _start(runtime, urgent)
    work(runtime)
    assert len(twilio.wait_for(2)) == 2 and {r.status for r in recipients(runtime, urgent)} == {"sent"}


def test_twilio_21610_is_an_opt_out_and_429_waits_and_retries(runtime, twilio):
    notice = approved_notice(runtime, _two_villagers(runtime))
    twilio.fail_next(400, 21610, "Attempt to send to unsubscribed recipient")
    twilio.fail_next(429, 20429, "Too Many Requests")
    _start(runtime, notice)
    work(runtime)
    first, second = recipients(runtime, notice)
    assert first.status == "opted_out"
    with Session(runtime.engine) as session:
        assert session.get(Citizen, first.citizen_id).opted_out_at is not None
    assert second.status == "queued" and second.next_attempt_at is not None and "429" in second.error
    with runtime.session() as session:  # time passes
        session.get(CampaignRecipient, second.id).next_attempt_at = utcnow() - timedelta(seconds=1)
    assert runtime.redis.pttl("civicline:pace:sms:" + runtime.settings.twilio_from_number + ":block") > 0
    runtime.redis.delete(*runtime.redis.keys("civicline:pace:*"))  # and the provider's pause is over
    outreach.tick()  # the periodic tick wakes the drain
    work(runtime)
    assert [m["to"] for m in twilio.wait_for(1)] == [TWO]


def test_pause_holds_the_rest_and_cancel_sends_nothing_more(runtime, twilio):
    notice = approved_notice(runtime, _two_villagers(runtime))
    _start(runtime, notice)
    with runtime.session() as session:
        campaigns.pause(session, session.get(Campaign, notice))
    work(runtime)
    assert twilio.messages == []
    with runtime.session() as session:
        campaigns.resume(session, session.get(Campaign, notice))
        campaigns.cancel(session, session.get(Campaign, notice))
    work(runtime)
    assert twilio.messages == []


def test_a_scheduled_notice_starts_when_its_time_comes(runtime, twilio):
    notice = approved_notice(runtime, _two_villagers(runtime))
    assert _start(runtime, notice, utcnow() + timedelta(hours=1)) == 0
    assert outreach.tick()["started"] == 0
    with runtime.session() as session:
        session.get(Campaign, notice).send_at = utcnow() - timedelta(seconds=1)
    assert outreach.tick()["started"] == 1
    work(runtime)
    assert len(twilio.wait_for(2)) == 2


def test_a_sender_killed_mid_send_never_sends_twice(runtime, twilio):
    notice = approved_notice(runtime, _two_villagers(runtime))
    _start(runtime, notice)
    # A worker claims both, writes the messages and sends the first, then dies before recording anything.
    claimed = sending.claim(runtime, 10)
    channel = runtime.channels["sms"]
    for item in claimed:
        with runtime.session() as session:
            message = sending._prepare(session, runtime, item, channel)
        if item.urn == "tel:" + ONE:
            channel.send(message)
    with runtime.session() as session:
        for item in claimed:
            session.get(CampaignRecipient, item.id).claimed_at = utcnow() - sending.LEASE - timedelta(seconds=1)
    assert outreach.tick()["recovered"] == 2
    work(runtime)
    assert sorted(m["to"] for m in twilio.wait_for(2)) == [ONE, TWO]
    assert {r.status for r in recipients(runtime, notice)} == {"sent"}
    with Session(runtime.engine) as session:
        assert all(session.get(Interaction, r.interaction_id).external_id for r in recipients(runtime, notice))


def test_the_unique_row_keeps_one_copy_per_citizen(runtime):
    notice = approved_notice(runtime, _two_villagers(runtime))
    _start(runtime, notice)
    from sqlalchemy.exc import IntegrityError

    first = recipients(runtime, notice)[0]
    with pytest.raises(IntegrityError), runtime.session() as session:
        session.add(CampaignRecipient(campaign_id=notice, citizen_id=first.citizen_id, urn=first.urn, channel="sms"))


def test_a_notice_gives_way_as_soon_as_a_contact_waits_for_a_worker(runtime, twilio):
    notice = approved_notice(runtime, _two_villagers(runtime))
    with runtime.session() as session:
        campaigns.start(session, session.get(Campaign, notice))
    runtime.queue(queues.INBOUND).enqueue("jobs.inbound.drain")  # a citizen's text is waiting
    outreach.drain()
    assert len(twilio.wait_for(1)) == 1  # one message, then the worker went to the contact
    assert outreach.contacts_waiting(runtime) and runtime.queue(queues.OUTREACH).count == 1  # the rest asked for
    runtime.queue(queues.INBOUND).empty()
    outreach.drain()
    assert len(twilio.wait_for(2)) == 2
