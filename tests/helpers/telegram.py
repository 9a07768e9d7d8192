"""Telegram for the tests: the test bot's token and webhook secret, recorded updates, posted as Telegram posts them."""

from __future__ import annotations

import json

from tests.helpers import fixture

BOT_TOKEN = "7000000001:AAH-test-token-for-the-local-bot-api"
WEBHOOK_SECRET = "s3cret-token_for-webhooks"
USER_ID = 123456789  # the citizen in tests/fixtures/telegram/*.json


def update(name: str) -> dict:
    """Load a recorded update from tests/fixtures/telegram."""
    return fixture(f"telegram/{name}.json")


def post_update(client, data: dict | str, secret: str | None = WEBHOOK_SECRET):
    """POST an update the way Telegram does: JSON, with the secret token header set by setWebhook."""
    body = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post("/channels/telegram", data=body.encode(), content_type="application/json", headers=headers)
