"""The bot without a public URL: `flask telegram poll` feeds getUpdates through the webhook's own handling."""

from __future__ import annotations

from sqlmodel import Session, select

from channels.models import Interaction
from feedback.cases.models import Case
from tests.helpers.telegram import USER_ID, update
from tests.helpers.worker import settle, work


def test_polling_stores_updates_confirms_them_and_the_worker_answers(app, runtime, telegram):
    telegram.updates.extend([update("text"), update("message_reaction"), update("malformed_message")])
    result = app.test_cli_runner().invoke(args=["telegram", "poll", "--once"])
    assert result.exit_code == 0, result.output
    assert "3 updates" in result.output
    assert telegram.calls_to("deleteWebhook")  # Telegram refuses getUpdates while a webhook is set
    work(runtime)

    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
        [contact] = session.exec(select(Interaction).where(Interaction.direction == "in")).all()
    assert contact.external_id == "123456789:41" and contact.payload["message"]["from"]["id"] == USER_ID
    [sent] = telegram.wait_for(1)
    assert sent["chat_id"] == USER_ID and case.reference in sent["text"]

    offsets = [call.get("offset") for call in telegram.calls_to("getUpdates")]
    assert offsets == [None, update("malformed_message")["update_id"] + 1]  # the second call confirms the batch
    assert telegram.updates == []  # so Telegram will not send them again


def test_an_update_polled_twice_is_stored_once(app, runtime, telegram):
    telegram.updates.append(update("text"))
    app.test_cli_runner().invoke(args=["telegram", "poll", "--once"])
    telegram.updates.append(update("text"))  # as if the confirmation had been lost
    app.test_cli_runner().invoke(args=["telegram", "poll", "--once"])
    settle(runtime)
    with Session(runtime.engine) as session:
        assert len(session.exec(select(Interaction)).all()) == 1


def test_polling_answers_button_presses_and_groups_itself(app, runtime, telegram):
    telegram.updates.extend([update("callback_query"), update("group_message")])
    app.test_cli_runner().invoke(args=["telegram", "poll", "--once"])
    assert telegram.calls_to("answerCallbackQuery") == [{"callback_query_id": "4382bfdwdsb323b2d9"}]
    [group_answer] = telegram.sent()
    assert group_answer["chat_id"] == -1001987654321 and "私聊" in group_answer["text"]
    settle(runtime)
    with Session(runtime.engine) as session:
        [contact] = session.exec(select(Interaction)).all()
    assert contact.text == "5"


def test_polling_with_a_wrong_token_says_so(app, runtime, telegram):
    telegram.token = "1:other"
    result = app.test_cli_runner().invoke(args=["telegram", "poll", "--once"])
    assert result.exit_code != 0 and "Unauthorized" in result.output


def test_set_webhook_registers_the_public_url_with_the_secret(app, telegram):
    result = app.test_cli_runner().invoke(args=["telegram", "set-webhook"])
    assert result.exit_code == 0, result.output
    [call] = telegram.calls_to("setWebhook")
    assert call["url"] == "https://hotline.example.gov.cn/channels/telegram"
    assert call["secret_token"] == "s3cret-token_for-webhooks" and "callback_query" in call["allowed_updates"]


def test_the_telegram_commands_refuse_to_run_without_a_bot_token(app, runtime):
    runtime.channels["telegram"].settings = runtime.settings.with_overrides(telegram_bot_token="")
    result = app.test_cli_runner().invoke(args=["telegram", "poll", "--once"])
    assert result.exit_code != 0 and "TELEGRAM_BOT_TOKEN" in result.output
