"""Replies reach the citizen: on the channel of their latest contact, then on their other channels in turn
(Telegram → SMS → email), and when nothing works the case says so. SMS runs against the local Twilio
stand-in (told to fail), the other channels are local fakes that record or refuse what they are given."""

from __future__ import annotations

from sqlmodel import Session, col, select

from channels.base import Channel, ChannelError, OutboundMessage
from channels.models import Interaction
from feedback.answers import addresses
from feedback.answers.outbox import queue_message
from feedback.cases.models import Case, CaseEvent
from jobs import outbound
from router.identity.models import Identity
from tests.helpers import fixture
from tests.helpers.twilio import call_step, twilio_post, voice_fixture
from tests.helpers.worker import work

PHONE = "tel:+8613800138000"
TELEGRAM = "telegram:4242"
EMAIL = "mailto:li.wei@example.cn"
UNSUBSCRIBED = (400, 21610, "Attempt to send to unsubscribed recipient")


class FakeChannel(Channel):
    """A channel that keeps what it is asked to send, or refuses it for good."""

    kind = "fake"

    def __init__(self, settings, fail: bool = False, on: bool = True):
        super().__init__(settings)
        self.sent: list[OutboundMessage] = []
        self.fail, self.on = fail, on

    @classmethod
    def address(cls, raw: str, region: str) -> str:
        return raw

    @property
    def enabled(self) -> bool:
        return self.on

    def webhooks(self):
        return {}

    def send(self, message: OutboundMessage) -> str:
        if self.fail:
            raise ChannelError(f"{self.kind}: the user blocked the hotline", permanent=True)
        self.sent.append(message)
        return f"{self.kind}-{message.interaction_id}"


def _fake(runtime, kind: str, **options) -> FakeChannel:
    channel = type(f"Fake{kind.title()}", (FakeChannel,), {"kind": kind})(runtime.settings, **options)
    runtime.channels[kind] = channel
    return channel


def _case_by_sms(client, runtime, *other_urns: str) -> Case:
    twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    work(runtime)
    with Session(runtime.engine, expire_on_commit=False) as session:
        case = session.exec(select(Case)).one()
        for urn in other_urns:
            session.add(Identity(urn=urn, scheme=urn.split(":")[0], citizen_id=case.citizen_id))
        session.commit()
    return case


def _reply(runtime, case: Case, text: str = "路灯已修复，感谢您的反映。") -> int:
    with runtime.session() as session:
        case = session.get(Case, case.id)
        kind, urn = addresses.reply_address(session, case)
        message = queue_message(session, urn, kind, text, "answer", case.citizen_id, case)
        session.flush()
        message_id = message.id
    outbound.drain()
    return message_id


def _answers(runtime, case: Case) -> list[Interaction]:
    with Session(runtime.engine) as session:
        query = select(Interaction).where(Interaction.case_id == case.id, Interaction.purpose == "answer")
        return list(session.exec(query.order_by(col(Interaction.id))))


def _case(runtime, case: Case) -> tuple[Case, list[str]]:
    with Session(runtime.engine) as session:
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id)))
        return session.get(Case, case.id), [event.kind for event in events]


def test_a_reply_goes_out_on_the_channel_the_citizen_last_used_for_the_case(client, runtime, twilio):
    telegram = _fake(runtime, "telegram")
    case = _case_by_sms(client, runtime, TELEGRAM)
    with runtime.session() as session:  # the citizen then wrote about the same case on Telegram
        session.add(Interaction(direction="in", channel="telegram", urn=TELEGRAM, case_id=case.id, status="processed"))

    _reply(runtime, case)

    [answer] = _answers(runtime, case)
    assert (answer.channel, answer.urn, answer.status) == ("telegram", TELEGRAM, "sent")
    assert [m.text for m in telegram.sent] == ["路灯已修复，感谢您的反映。"]
    assert len(twilio.messages) == 1  # only the acknowledgement went by SMS


def test_the_answer_and_the_survey_go_first_on_the_channel_the_citizen_prefers(client, runtime, twilio):
    from feedback.answers import resolution
    from router.identity.models import Citizen

    telegram = _fake(runtime, "telegram")
    case = _case_by_sms(client, runtime, TELEGRAM)
    with runtime.session() as session:  # the agent noted "please answer me on Telegram" on the citizen's record
        session.get(Citizen, case.citizen_id).preferred_channel = "telegram"
    with runtime.session() as session:
        resolution.resolve_with_answer(session, session.get(Case, case.id), "路灯已修复。", "agent:wang")
    outbound.drain()

    [answer] = _answers(runtime, case)
    assert (answer.channel, answer.urn) == ("telegram", TELEGRAM)
    assert [m.text for m in telegram.sent] == ["路灯已修复。"]
    with Session(runtime.engine) as session:
        survey = session.exec(select(Interaction).where(Interaction.purpose == "survey")).one()
    assert survey.channel == "telegram" and len(twilio.messages) == 1  # only the acknowledgement went by SMS


def test_a_failed_answer_tries_the_preferred_channel_before_the_usual_order(client, runtime, twilio):
    from router.identity.models import Citizen

    telegram, email = _fake(runtime, "telegram"), _fake(runtime, "email")
    case = _case_by_sms(client, runtime, TELEGRAM, EMAIL)
    with runtime.session() as session:
        session.get(Citizen, case.citizen_id).preferred_channel = "email"
    twilio.fail_next(*UNSUBSCRIBED)
    with runtime.session() as session:  # sent where the citizen wrote from, as a test of the fallback order
        queue_message(session, PHONE, "sms", "路灯已修复。", "answer", case.citizen_id, session.get(Case, case.id))
    outbound.drain()
    assert [(a.channel, a.status) for a in _answers(runtime, case)] == [("sms", "undeliverable"), ("email", "sent")]
    assert telegram.sent == [] and [m.text for m in email.sent] == ["路灯已修复。"]


def test_a_reply_to_a_case_opened_by_phone_goes_by_sms_to_the_calling_number(client, runtime, twilio):
    call_step(client, runtime.settings, "recording", voice_fixture("recording_callback"), lang="zh")
    work(runtime)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    _reply(runtime, case, "Fixed on Tuesday.")
    [answer] = _answers(runtime, case)
    assert (answer.channel, answer.urn, answer.status) == ("sms", PHONE, "sent")
    assert twilio.wait_for(2)[1]["body"] == "Fixed on Tuesday."


def test_an_sms_that_fails_for_good_is_sent_on_telegram_instead(client, runtime, twilio):
    telegram = _fake(runtime, "telegram")
    case = _case_by_sms(client, runtime, TELEGRAM)
    twilio.fail_next(*UNSUBSCRIBED)

    first_id = _reply(runtime, case)

    failed, retry = _answers(runtime, case)
    assert failed.id == first_id and (failed.channel, failed.status) == ("sms", "undeliverable")
    assert "21610" in failed.error
    assert (retry.channel, retry.urn, retry.status) == ("telegram", TELEGRAM, "sent")
    assert retry.payload == {"fallback_of": first_id, "tried": [f"sms {PHONE}", f"telegram {TELEGRAM}"]}
    assert [m.text for m in telegram.sent] == [failed.text]
    assert not _case(runtime, case)[0].unreachable


def test_a_channel_that_is_off_or_missing_is_skipped_and_email_comes_last(client, runtime, twilio):
    _fake(runtime, "telegram", on=False)
    email = _fake(runtime, "email")
    case = _case_by_sms(client, runtime, TELEGRAM, EMAIL)
    twilio.fail_next(*UNSUBSCRIBED)

    _reply(runtime, case)

    assert [(a.channel, a.status) for a in _answers(runtime, case)] == [("sms", "undeliverable"), ("email", "sent")]
    assert [m.urn for m in email.sent] == [EMAIL]


def test_when_every_channel_fails_the_case_shows_the_citizen_could_not_be_reached(client, runtime, twilio):
    _fake(runtime, "telegram", fail=True)
    runtime.channels.pop("email", None)  # the citizen has an email address, but this hotline has no email channel
    case = _case_by_sms(client, runtime, TELEGRAM, EMAIL)
    twilio.fail_next(*UNSUBSCRIBED, times=2)

    _reply(runtime, case)
    _reply(runtime, case, "第二条答复")

    answers = _answers(runtime, case)
    assert [(a.channel, a.status) for a in answers] == [
        ("sms", "undeliverable"),
        ("telegram", "undeliverable"),
        ("sms", "undeliverable"),
        ("telegram", "undeliverable"),
    ]
    stored, kinds = _case(runtime, case)
    assert stored.unreachable and kinds.count("unreachable") == 1  # flagged once, not once per message
    shown = client.get(f"/api/cases/{case.reference}", headers={"Authorization": "Bearer test-api-token"}).get_json()
    assert shown["unreachable"] is True
    assert [m["status"] for m in shown["messages"] if m["purpose"] == "answer"] == ["undeliverable"] * 4


def test_a_passing_failure_is_retried_later_on_the_same_channel_not_elsewhere(client, runtime, twilio):
    telegram = _fake(runtime, "telegram")
    case = _case_by_sms(client, runtime, TELEGRAM)
    twilio.fail_next(503, 20500, "Service unavailable")

    _reply(runtime, case)

    [answer] = _answers(runtime, case)
    assert (answer.channel, answer.status) == ("sms", "queued") and answer.next_attempt_at is not None
    assert telegram.sent == [] and not _case(runtime, case)[0].unreachable


def test_an_sms_reported_undelivered_after_sending_is_sent_on_telegram_once(client, runtime, twilio):
    telegram = _fake(runtime, "telegram")
    case = _case_by_sms(client, runtime, TELEGRAM)
    answer_id = _reply(runtime, case)
    sid = twilio.wait_for(2)[1]["sid"]
    report = dict(
        fixture("twilio/sms_status_delivered.json"),
        MessageSid=sid,
        SmsSid=sid,
        MessageStatus="undelivered",
        SmsStatus="undelivered",
        ErrorCode="30003",
    )

    for _ in range(2):  # Twilio may repeat a status callback
        response = twilio_post(client, runtime.settings, f"/channels/sms/status?id={answer_id}", report)
        assert response.status_code == 200
        work(runtime)

    failed, retry = _answers(runtime, case)
    assert (failed.status, failed.error) == ("undeliverable", "Twilio error 30003")
    assert (retry.channel, retry.status) == ("telegram", "sent")
    assert len(telegram.sent) == 1
