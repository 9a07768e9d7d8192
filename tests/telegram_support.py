"""Fixtures and helpers for the Telegram tests: a local Bot API server and updates posted as Telegram posts them."""

from __future__ import annotations

import json

import pytest

from tests.fakes import telegram_api
from tests.support import fixture

BOT_TOKEN = "7000000001:AAH-test-token-for-the-local-bot-api"
WEBHOOK_SECRET = "s3cret-token_for-webhooks"
USER_ID = 123456789  # the citizen in tests/fixtures/telegram/*.json


@pytest.fixture
def telegram():
    """A local Bot API server; yields its recorded state."""
    server, state = telegram_api.serve(BOT_TOKEN)
    with server:
        state.url = server.url
        yield state


@pytest.fixture
def settings(settings, telegram):
    """The shared settings with the Telegram channel on and pointed at the local Bot API server."""
    return settings.with_overrides(
        telegram_bot_token=BOT_TOKEN, telegram_webhook_secret=WEBHOOK_SECRET, telegram_api_server=telegram.url
    )


def update(name: str, **message_changes: object) -> dict:
    """Load a recorded update, optionally changing fields of its message."""
    data = fixture(f"telegram/{name}.json")
    if message_changes:
        data["message"] = {**data["message"], **message_changes}
    return data


def post_update(client, data: dict | str, secret: str | None = WEBHOOK_SECRET):
    """POST an update the way Telegram does: JSON, with the secret token header set by setWebhook."""
    body = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post("/channels/telegram", data=body.encode(), content_type="application/json", headers=headers)
