"""Fixtures for the outreach tests: a local Bot API server beside the Twilio one, and the Telegram channel on."""

from __future__ import annotations

import pytest

from tests.helpers.fakes import telegram_api
from tests.helpers.telegram import BOT_TOKEN, WEBHOOK_SECRET


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
