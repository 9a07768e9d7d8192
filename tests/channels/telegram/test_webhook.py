"""Telegram updates at the webhook: what is stored, what is answered at once, and what is refused."""

from __future__ import annotations

import copy
import json

import pytest
from sqlmodel import Session, func, select

from channels.base import Ignored, Received, WebhookError
from channels.models import Attachment, Interaction
from channels.telegram import receive
from core.config import Settings
from router.identity.models import Citizen
from tests.helpers import FIXTURES, fixture
from tests.helpers.telegram import post_update, update
from tests.helpers.worker import settle


def _count(runtime, model) -> int:
    settle(runtime)  # what webhooks stored on SQLite waits in a journal until a worker moves it
    with Session(runtime.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _stored(runtime) -> list[Interaction]:
    settle(runtime)
    with Session(runtime.engine) as session:
        return list(session.exec(select(Interaction).order_by(Interaction.id)))


def test_a_text_update_is_stored_with_the_users_telegram_identity_and_the_update_verbatim(client, runtime):
    response = post_update(client, update("text"))
    assert response.status_code == 200
    [contact] = _stored(runtime)
    assert contact.channel == "telegram" and contact.urn == "telegram:123456789"
    assert contact.external_id == "123456789:41" and contact.text == "村口的路灯坏了三天了，晚上走路很危险"
    assert contact.payload == update("text") and contact.status == "received"


def test_a_retried_update_is_stored_once(client, runtime):
    assert post_update(client, update("text")).status_code == 200
    assert post_update(client, update("text")).status_code == 200
    assert _count(runtime, Interaction) == 1


def test_a_request_without_the_right_secret_token_is_refused_and_nothing_is_stored(client, runtime):
    missing = post_update(client, update("text"), secret=None)
    wrong = post_update(client, update("text"), secret="guessed")
    assert missing.status_code == 403 and wrong.status_code == 403
    assert "X-Telegram-Bot-Api-Secret-Token" in wrong.get_json()["error"]
    assert _count(runtime, Interaction) == 0


def test_without_a_configured_secret_updates_are_accepted_without_the_header(app, client, runtime):
    runtime.channels["telegram"].settings = runtime.settings.with_overrides(telegram_webhook_secret="")
    assert post_update(client, update("text"), secret=None).status_code == 200
    assert _count(runtime, Interaction) == 1


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        (json.dumps(fixture("telegram/malformed.json")), "update_id"),
        ('{"update_id": 1, "message": ', "not JSON"),
        ("[1, 2, 3]", "JSON object"),
        ('{"message": {"text": "hi"}}', "update_id"),
    ],
    ids=["malformed.json", "truncated JSON", "a JSON list", "no update_id"],
)
def test_a_body_that_is_not_a_telegram_update_gets_400_and_stores_nothing(client, runtime, body, complaint):
    response = post_update(client, body)
    assert response.status_code == 400 and complaint in response.get_json()["error"]
    assert _count(runtime, Interaction) == 0 and _count(runtime, Citizen) == 0


def test_a_form_post_is_not_a_telegram_update(client, runtime):
    response = client.post(
        "/channels/telegram",
        data={"text": "hi"},
        headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token_for-webhooks"},
    )
    assert response.status_code == 400 and _count(runtime, Interaction) == 0


@pytest.mark.parametrize(
    "name",
    ["message_reaction", "unknown_update_type", "empty_text", "sticker", "group_chatter", "channel_post_chatter"],
)
def test_updates_the_hotline_has_no_use_for_are_acknowledged_and_ignored(client, runtime, name):
    response = post_update(client, update(name))
    assert response.status_code == 200 and response.get_data() == b""
    assert _count(runtime, Interaction) == 0


@pytest.mark.parametrize("name", ["group_message", "channel_post"])
def test_a_group_or_channel_addressing_the_bot_gets_one_polite_line_and_nothing_is_stored(client, runtime, name):
    response = post_update(client, update(name))
    assert response.status_code == 200 and response.mimetype == "application/json"
    answer = response.get_json()
    chat_id = fixture(f"telegram/{name}.json")[name if name == "channel_post" else "message"]["chat"]["id"]
    assert answer["method"] == "sendMessage" and answer["chat_id"] == chat_id
    assert "私聊" in answer["text"] and "\n" not in answer["text"]
    assert _count(runtime, Interaction) == 0 and _count(runtime, Citizen) == 0


def test_a_button_press_becomes_a_contact_with_the_buttons_data_and_is_answered(client, runtime):
    response = post_update(client, update("callback_query"))
    assert response.get_json() == {"method": "answerCallbackQuery", "callback_query_id": "4382bfdwdsb323b2d9"}
    [contact] = _stored(runtime)
    assert contact.text == "5" and contact.urn == "telegram:123456789"
    assert contact.external_id == "callback:4382bfdwdsb323b2d9"


def test_emoji_and_the_longest_telegram_message_are_kept_exactly(client, runtime):
    post_update(client, update("emoji"))
    post_update(client, update("long_text"))
    emoji, long = _stored(runtime)
    assert emoji.text == "🚧🕳️ 路上有个大坑，车都陷进去了 😡👨‍👩‍👧"
    assert len(long.text) == 4096 and long.text == update("long_text")["message"]["text"]


def test_photos_voice_notes_documents_and_locations_are_kept_as_attachments_to_fetch(client, runtime):
    for name in ("photo", "voice", "document", "location"):
        assert post_update(client, update(name)).status_code == 200
    settle(runtime)
    with Session(runtime.engine) as session:
        attachments = [
            (a.url, a.content_type, a.path) for a in session.exec(select(Attachment).order_by(Attachment.id))
        ]
    assert attachments == [
        ("telegram-file:AgACAgUAAxkBAAIBQ2Vx-large", "image/jpeg", None),  # only the largest size of a photo
        ("telegram-file:AwACAgUAAxkBAAIBRGVx-voice", "audio/ogg", None),
        ("telegram-file:BQACAgUAAxkBAAIBRWVx-doc", "application/pdf", None),
        ("geo:30.572269,104.066541", None, None),
    ]
    texts = [c.text for c in _stored(runtime)]
    assert texts == ["路面塌陷了，就在学校门口", "", "这是我的申请材料", ""]


def test_an_edit_is_stored_as_its_own_contact_pointing_at_the_original(client, runtime):
    post_update(client, update("text"))
    post_update(client, update("edited_message"))
    _original, edit = _stored(runtime)
    assert edit.purpose == "edit" and edit.external_id == "123456789:41:edit:1763800800"
    assert edit.text == "村口的路灯坏了五天了，晚上走路很危险"


def test_the_webhook_is_off_without_a_bot_token(client, runtime):
    runtime.channels["telegram"].settings = runtime.settings.with_overrides(telegram_bot_token="")
    response = post_update(client, update("text"))
    assert response.status_code == 404 and "not enabled" in response.get_json()["error"]


def _without_each_field(data: object, path: tuple = ()):
    """Yield (path, copy of data) with one field or list item removed, for every field in the tree."""
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        trimmed = copy.deepcopy(data)
        del trimmed[key]
        yield (*path, key), trimmed
        for subpath, inner in _without_each_field(value, (*path, key)):
            whole = copy.deepcopy(data)
            whole[key] = inner
            yield subpath, whole


def test_an_update_missing_any_one_field_is_either_refused_or_handled_but_never_breaks_the_parser():
    settings = Settings(telegram_bot_token="1:x")
    tried = 0
    for path in sorted(FIXTURES.glob("telegram/*.json")):
        for removed, data in _without_each_field(json.loads(path.read_text(encoding="utf-8"))):
            tried += 1
            try:
                outcome = receive.parse(data, settings)
            except WebhookError as exc:
                assert exc.status == 400, (path.name, removed)
                continue
            assert isinstance(outcome, Received | Ignored), (path.name, removed)
            for contact in getattr(outcome, "contacts", []):
                assert contact.urn.startswith("telegram:") and contact.external_id, (path.name, removed)
    assert tried > 300


def test_being_added_to_a_group_is_answered_with_the_same_line(client, runtime):
    data = update("group_chatter")
    message = {k: v for k, v in data["message"].items() if k != "text"}
    bot = {"id": 7000000001, "is_bot": True, "first_name": "CivicLine", "username": "CivicLineBot"}
    data["message"] = {**message, "new_chat_members": [bot], "new_chat_member": bot}
    answer = post_update(client, data).get_json()
    assert answer["method"] == "sendMessage" and answer["chat_id"] == -1001987654321
    assert _count(runtime, Interaction) == 0
