"""The Telegram bot through the real rq worker: cases, commands, files, edits, and sending through aiogram."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from channels.base import ChannelError, OutboundMessage
from channels.models import Attachment, Interaction
from core.clock import utcnow
from feedback.cases.models import Case, CaseEvent
from jobs import inbound, outbound
from router.identity.models import Citizen
from tests.helpers.telegram import BOT_TOKEN, USER_ID, post_update, update
from tests.helpers.worker import work


def _outbound(runtime) -> list[Interaction]:
    with Session(runtime.engine) as session:
        return list(session.exec(select(Interaction).where(Interaction.direction == "out").order_by(Interaction.id)))


def test_a_text_opens_a_case_and_the_acknowledgement_arrives_in_the_telegram_chat(client, runtime, telegram):
    post_update(client, update("text"))
    work(runtime)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        assert case.channel == "telegram" and case.summary == "村口的路灯坏了三天了，晚上走路很危险"
    [sent] = telegram.wait_for(1)
    assert sent["chat_id"] == USER_ID and case.reference in sent["text"] and "已受理" in sent["text"]
    [reply] = _outbound(runtime)
    assert reply.status == "delivered" and reply.external_id.startswith(f"{USER_ID}:")


def test_the_telegram_profile_name_is_kept_and_follows_a_rename_but_never_replaces_an_agents(client, runtime, telegram):
    from tests.helpers.staff import make_user, sign_in_with_cookie

    post_update(client, update("text"))
    work(runtime)
    with Session(runtime.engine) as session:
        citizen = session.exec(select(Citizen)).one()
    assert (citizen.name, citizen.name_source) == ("张伟", "telegram")  # last name 张 and first name 伟
    renamed = update("text")
    renamed["update_id"] += 1
    renamed["message"]["message_id"] += 1
    renamed["message"]["from"].update(first_name="伟伟")
    post_update(client, renamed)
    work(runtime)
    with Session(runtime.engine) as session:
        assert session.exec(select(Citizen)).one().name == "张伟伟"
        case = session.exec(select(Case)).first()
    staff = client.application.test_client()
    sign_in_with_cookie(staff, make_user(runtime, "boss", role="supervisor"))
    page = staff.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "张伟伟" in page and "as given on Telegram" in page
    with runtime.session() as session:
        from router.identity import names

        names.typed_by_staff(session, session.get(Citizen, citizen.id), "张大伟")
    again = update("text")
    again["update_id"] += 2
    again["message"]["message_id"] += 2
    post_update(client, again)
    work(runtime)
    with Session(runtime.engine) as session:
        assert session.exec(select(Citizen)).one().name == "张大伟"


def test_an_answer_telegram_accepts_counts_as_delivered_and_the_case_as_answered(client, runtime, telegram):
    from feedback.answers import resolution

    post_update(client, update("text"))
    work(runtime)
    with runtime.session() as session:
        case = session.exec(select(Case)).one()
        resolution.resolve_with_answer(session, case, "路灯已修复，感谢您的反映。", "agent:wang")
    work(runtime)
    assert any(m["text"] == "路灯已修复，感谢您的反映。" for m in telegram.wait_for(2))
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        delivered = session.exec(select(CaseEvent).where(CaseEvent.kind == "answer_delivered")).all()
    # Bots get no delivery receipts: the Bot API taking the message is the receipt, as for SMS the report.
    assert case.answered_at is not None and [e.detail["channel"] for e in delivered] == ["telegram"]


def test_start_greets_in_chinese_and_offers_to_share_the_phone_number(client, runtime, telegram):
    post_update(client, update("start"))
    work(runtime)
    [sent] = telegram.wait_for(1)
    assert sent["text"].startswith("您好！这里是12345")
    [[button]] = sent["reply_markup"]["keyboard"]
    assert button == {"text": "分享我的手机号", "request_contact": True}
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).first() is None  # a greeting is not a complaint
        assert session.exec(select(Citizen)).one().language == "zh"


@pytest.mark.parametrize(("language_code", "expected"), [("en-GB", "Hello!"), ("ru", "Hello!"), (None, "您好！")])
def test_start_greets_in_english_for_other_languages_and_in_the_default_when_telegram_sends_none(
    client, runtime, telegram, language_code, expected
):
    data = update("start")
    sender = {k: v for k, v in data["message"]["from"].items() if k != "language_code"}
    data["message"]["from"] = {**sender, "language_code": language_code} if language_code else sender
    post_update(client, data)
    work(runtime)
    [sent] = telegram.wait_for(1)
    assert sent["text"].startswith(expected)


def test_status_answers_with_the_citizens_open_cases(client, runtime, telegram):
    post_update(client, update("text"))
    work(runtime)
    post_update(client, update("status"))
    work(runtime)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    _ack, status = telegram.wait_for(2)
    assert status["text"].startswith("【12345】") and case.reference in status["text"] and "已受理" in status["text"]
    with Session(runtime.engine) as session:
        assert len(session.exec(select(CaseEvent)).all()) == 1  # /status did not join the case


def test_an_edited_message_updates_the_stored_text_and_the_case_and_is_marked_edited(client, runtime, telegram):
    post_update(client, update("text"))
    work(runtime)
    post_update(client, update("edited_message"))
    work(runtime)
    with Session(runtime.engine) as session:
        original = session.exec(select(Interaction).where(Interaction.external_id == "123456789:41")).one()
        case = session.exec(select(Case)).one()
        kinds = [e.kind for e in session.exec(select(CaseEvent).order_by(CaseEvent.id))]
    assert original.text == "村口的路灯坏了五天了，晚上走路很危险"
    assert (
        original.payload["edited"] is True
        and original.payload["edits"][0]["text"] == "村口的路灯坏了三天了，晚上走路很危险"
    )
    assert original.payload["message"]["text"] == "村口的路灯坏了三天了，晚上走路很危险"  # the raw update stays as sent
    assert case.summary == "村口的路灯坏了五天了，晚上走路很危险" and kinds == ["opened", "message_edited"]
    assert len(telegram.wait_for(1)) == 1  # an edit is not answered


def test_an_edit_of_a_message_we_never_saw_is_treated_as_a_new_message(client, runtime, telegram):
    post_update(client, update("edited_message"))
    work(runtime)
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).one().summary == "村口的路灯坏了五天了，晚上走路很危险"


def test_a_photo_is_downloaded_into_the_media_store_and_joins_the_case(client, runtime, telegram):
    picture = b"\xff\xd8\xff\xe0" + b"\x00" * 2044
    telegram.add_file("AgACAgUAAxkBAAIBQ2Vx-large", "photos/file_12.jpg", picture)
    post_update(client, update("photo"))
    work(runtime)
    with Session(runtime.engine) as session:
        attachment = session.exec(select(Attachment)).one()
        case = session.exec(select(Case)).one()
    with runtime.blobs.open(attachment.path) as stored:
        kept = stored.read()
    assert attachment.path.startswith("media/") and attachment.path.endswith(".jpg")
    assert kept == picture and attachment.size == len(picture)
    assert case.summary == "路面塌陷了，就在学校门口"
    assert BOT_TOKEN not in attachment.url and BOT_TOKEN not in attachment.path  # the download URL holds the token


def test_a_voice_note_over_the_size_limit_is_refused_before_downloading_and_the_citizen_told(client, runtime, telegram):
    runtime.settings = runtime.settings.with_overrides(media_max_bytes=1024)
    runtime.channels["telegram"].settings = runtime.settings
    telegram.add_file("AwACAgUAAxkBAAIBRGVx-voice", "voice/file_3.oga", b"O" * 3072)
    post_update(client, update("voice"))
    work(runtime)
    with Session(runtime.engine) as session:
        attachment = session.exec(select(Attachment)).one()
    assert attachment.path is None and attachment.size == 3072
    assert telegram.downloads == 0 and telegram.calls_to("getFile") == []
    texts = [m["text"] for m in telegram.wait_for(2)]
    assert any("超过 1 KB" in t for t in texts)
    assert list(runtime.blobs.keys("media/")) == []


def test_a_file_whose_size_telegram_does_not_announce_is_cut_off_at_the_limit_and_not_kept(client, runtime, telegram):
    runtime.settings = runtime.settings.with_overrides(media_max_bytes=1024)
    runtime.channels["telegram"].settings = runtime.settings
    telegram.announce_file_sizes = False
    telegram.add_file("BQACAgUAAxkBAAIBRWVx-doc", "documents/file_9.pdf", b"%PDF" + b"x" * 200_000)
    data = update("document")
    del data["message"]["document"]["file_size"]
    post_update(client, data)
    work(runtime)
    with Session(runtime.engine) as session:
        attachment = session.exec(select(Attachment)).one()
    assert attachment.path is None and telegram.downloads == 1
    assert list(runtime.blobs.keys("media/")) == []  # no partial file left behind


def test_a_location_is_kept_and_opens_a_case(client, runtime, telegram):
    post_update(client, update("location"))
    work(runtime)
    with Session(runtime.engine) as session:
        attachment = session.exec(select(Attachment)).one()
        case = session.exec(select(Case)).one()
        contact = session.get(Interaction, attachment.interaction_id)
    assert attachment.url == "geo:30.572269,104.066541" and contact.case_id == case.id
    assert case.location == "30.572269,104.066541"  # the case's place, shown with a map link


def test_a_button_press_reaches_the_text_steps_as_its_data(client, runtime, telegram):
    post_update(client, update("text"))
    post_update(client, update("callback_query"))
    work(runtime)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        texts = [i.text for i in session.exec(select(Interaction).where(Interaction.case_id == case.id))]
    assert "5" in texts  # until surveys exist, the answer joins the open case like any text


def test_a_user_who_blocked_the_bot_makes_the_reply_undeliverable_without_retries(client, runtime, telegram):
    telegram.blocked.add(USER_ID)
    post_update(client, update("text"))
    work(runtime)
    [reply] = _outbound(runtime)
    assert reply.status == "undeliverable" and "blocked" in reply.error and reply.attempts == 1


def test_flood_control_retries_after_the_delay_telegram_asks_for(client, runtime, telegram):
    telegram.fail_next(429, "Too Many Requests: retry after 37", {"retry_after": 37})
    post_update(client, update("text"))
    before = utcnow()
    work(runtime)
    [reply] = _outbound(runtime)
    assert reply.status == "queued" and "retry" in reply.error.lower()
    assert timedelta(seconds=36) <= reply.next_attempt_at - before <= timedelta(seconds=40)
    with Session(runtime.engine) as session:
        row = session.get(Interaction, reply.id)
        row.next_attempt_at = utcnow()
        session.add(row)
        session.commit()
    outbound.drain()
    [retried] = _outbound(runtime)
    assert retried.status == "delivered" and len(telegram.wait_for(1)) == 1


def test_telegram_cannot_send_to_a_phone_number(runtime):
    with pytest.raises(ChannelError) as refused:
        runtime.channels["telegram"].send(OutboundMessage(1, "tel:+8613800138000", "hi"))
    assert refused.value.permanent


def test_a_file_telegram_no_longer_has_is_skipped_and_the_message_still_opens_a_case(client, runtime, telegram):
    post_update(client, update("voice"))  # the local Bot API server has no such file: getFile answers 400
    work(runtime)
    with Session(runtime.engine) as session:
        attachment = session.exec(select(Attachment)).one()
        case = session.exec(select(Case)).one()
        contact = session.get(Interaction, attachment.interaction_id)
    assert attachment.path is None and contact.case_id == case.id and contact.status == "processed"
    assert telegram.calls_to("getFile") == [{"file_id": "AwACAgUAAxkBAAIBRGVx-voice"}]


def test_a_bot_api_outage_while_fetching_a_file_delays_the_message_instead_of_losing_the_file(
    client, runtime, telegram
):
    telegram.add_file("AwACAgUAAxkBAAIBRGVx-voice", "voice/file_3.oga", b"OggS" + b"v" * 3068)
    telegram.files_down = True
    post_update(client, update("voice"))
    work(runtime)
    with Session(runtime.engine) as session:
        contact = session.exec(select(Interaction)).one()
        assert session.exec(select(Case)).first() is None
    assert contact.status == "received" and contact.attempts == 1 and "unreachable" in contact.error

    telegram.files_down = False
    with runtime.session() as session:
        session.get(Interaction, contact.id).next_attempt_at = utcnow()  # the retry is due
    inbound.drain()  # what the worker's sweeper starts for a contact still waiting
    with Session(runtime.engine) as session:
        attachment = session.exec(select(Attachment)).one()
        assert session.exec(select(Case)).one() is not None
    assert runtime.blobs.open(attachment.path).read().startswith(b"OggS")


def test_a_reply_longer_than_telegram_allows_arrives_in_several_messages(runtime, telegram):
    paragraph = "您反映的问题我们已经转交相关部门，处理结果如下。" * 60  # 1,440 characters
    text = "\n".join([paragraph] * 4)  # 5,763 characters, over the 4,096 of one message
    external_id = runtime.channels["telegram"].send(OutboundMessage(1, f"telegram:{USER_ID}", text))
    first, second = telegram.wait_for(2)
    assert first["text"] + "\n" + second["text"] == text and len(first["text"]) <= 4096
    assert external_id == f"{USER_ID}:101"  # the first part's id (the local server numbers from 101)


def test_an_older_edit_arriving_after_a_newer_one_does_not_bring_back_the_older_text(client, runtime, telegram):
    post_update(client, update("text"))
    newer = update("edited_message")
    older = update("edited_message")
    newer["update_id"] += 1
    newer["edited_message"] = {**newer["edited_message"], "edit_date": 1763800900, "text": "路灯坏了一周了"}
    post_update(client, newer)
    post_update(client, older)  # sent before the newer edit, delivered after it
    work(runtime)
    with Session(runtime.engine) as session:
        original = session.exec(select(Interaction).where(Interaction.external_id == "123456789:41")).one()
    assert original.text == "路灯坏了一周了" and len(original.payload["edits"]) == 1
