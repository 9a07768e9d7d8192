"""One person on SMS and Telegram is one citizen with one history, once they share their own number."""

from __future__ import annotations

from sqlmodel import Session, col, select

from channels.models import Interaction
from feedback.cases.models import Case, CaseEvent
from router.identity import addresses
from router.identity.models import Citizen, Identity
from router.identity.recognise import find_citizen
from tests.helpers import fixture
from tests.helpers.telegram import post_update, update
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import work

PHONE = "tel:+8613800138000"  # the sender of tests/fixtures/twilio/sms_incoming_zh.json
TELEGRAM = "telegram:123456789"  # the user of tests/fixtures/telegram/*.json, whose own number is PHONE


def _sms(client, runtime, body: str | None = None, sid: str | None = None) -> None:
    form = fixture("twilio/sms_incoming_zh.json")
    if body:
        form = dict(form, Body=body, MessageSid=sid, SmsSid=sid, SmsMessageSid=sid)
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    work(runtime)


def _telegram(client, runtime, name: str) -> None:
    assert post_update(client, update(name)).status_code == 200
    work(runtime)


def _citizens(session: Session) -> list[Citizen]:
    return list(session.exec(select(Citizen).where(col(Citizen.merged_into_id).is_(None))))


def test_someone_who_texted_and_then_shares_their_number_on_telegram_becomes_one_citizen_with_one_history(
    client, runtime, twilio, telegram
):
    _sms(client, runtime)  # opens a case by SMS
    _telegram(client, runtime, "text")  # a second person, as far as anyone can tell: another case
    with Session(runtime.engine) as session:
        assert len(_citizens(session)) == 2 and len(session.exec(select(Case)).all()) == 2
    _telegram(client, runtime, "contact_own")

    with Session(runtime.engine) as session:
        [citizen] = _citizens(session)
        by_phone, by_telegram = find_citizen(session, PHONE), find_citizen(session, TELEGRAM)
        cases = session.exec(select(Case)).all()
        inbound = session.exec(select(Interaction).where(Interaction.direction == "in")).all()
        merged = session.exec(select(Citizen).where(col(Citizen.merged_into_id).is_not(None))).one()
        merge_events = session.exec(select(CaseEvent).where(CaseEvent.kind == "citizen_merged")).all()
    assert by_phone.id == by_telegram.id == citizen.id
    assert {c.citizen_id for c in cases} == {citizen.id} and {i.citizen_id for i in inbound} == {citizen.id}
    assert merged.merged_into_id == citizen.id
    [detail] = [e.detail for e in merge_events]
    assert (detail["from_citizen_id"], detail["to_citizen_id"]) == (merged.id, citizen.id)
    assert detail["merge_id"]  # recorded by router.merge, so a supervisor can undo it
    confirmation = telegram.wait_for(2)[-1]
    assert "+8613800138000" in confirmation["text"] and confirmation["reply_markup"] == {"remove_keyboard": True}


def test_a_telegram_user_who_shares_their_number_first_is_recognised_when_they_later_text(
    client, runtime, twilio, telegram
):
    _telegram(client, runtime, "text")
    _telegram(client, runtime, "contact_own")
    _sms(client, runtime, "路灯还是没修好", "SM" + "c" * 32)

    with Session(runtime.engine) as session:
        [citizen] = _citizens(session)
        case = session.exec(select(Case)).one()  # the SMS joined the case opened on Telegram
        contacts = session.exec(
            select(Interaction).where(Interaction.case_id == case.id, Interaction.direction == "in")
        )
        channels = sorted(i.channel for i in contacts)
    assert case.citizen_id == citizen.id and channels == ["sms", "telegram"]
    [sms] = twilio.wait_for(1)
    assert case.reference in sms["body"] and "已加入工单" in sms["body"]


def test_status_on_telegram_lists_the_case_opened_by_sms_once_linked(client, runtime, twilio, telegram):
    _sms(client, runtime)
    _telegram(client, runtime, "contact_own")
    _telegram(client, runtime, "status")
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    assert case.reference in telegram.wait_for(2)[-1]["text"]


def test_a_contact_card_of_someone_else_links_nothing_and_gets_a_polite_answer(client, runtime, twilio, telegram):
    _sms(client, runtime, "路灯坏了", "SM" + "d" * 32)  # +8613800138000 …
    _telegram(client, runtime, "contact_other")  # … and a card for +8613900139000, with no user_id

    with Session(runtime.engine) as session:
        assert len(_citizens(session)) == 2
        assert session.exec(select(Identity).where(Identity.urn == "tel:+8613900139000")).first() is None
        assert session.exec(select(Case).where(Case.channel == "telegram")).first() is None
    [answer] = telegram.wait_for(1)
    assert "本人" in answer["text"]


def test_a_contact_card_with_another_users_id_is_not_trusted(client, runtime, twilio, telegram):
    _sms(client, runtime)
    data = update("contact_own")
    data["message"]["contact"]["user_id"] = 987654321  # the card of another Telegram user, forwarded
    post_update(client, data)
    work(runtime)
    with Session(runtime.engine) as session:
        assert find_citizen(session, PHONE).id != find_citizen(session, TELEGRAM).id


def test_linking_twice_changes_nothing(client, runtime, telegram):
    _telegram(client, runtime, "contact_own")
    with runtime.session() as session:
        again = addresses.link_proven(session, TELEGRAM, PHONE, actor="telegram")
    assert again.action == addresses.ALREADY_LINKED


def test_a_shared_family_phone_is_not_merged_into_a_telegram_user(client, runtime, twilio, telegram):
    _sms(client, runtime)
    with runtime.session() as session:
        identity = session.exec(select(Identity).where(Identity.urn == PHONE)).one()
        identity.shared = True
        session.add(identity)
    _telegram(client, runtime, "text")
    _telegram(client, runtime, "contact_own")
    with Session(runtime.engine) as session:
        assert len(_citizens(session)) == 2
    assert "共用" in telegram.wait_for(2)[-1]["text"]
