"""Fixtures for the outreach tests: a local Bot API server beside the Twilio one, the Telegram channel on, and
sending fast with no quiet hours unless a test sets them."""

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
    """The shared settings with the Telegram channel on, pointed at the local Bot API server, and fast pacing."""
    return settings.with_overrides(
        telegram_bot_token=BOT_TOKEN,
        telegram_webhook_secret=WEBHOOK_SECRET,
        telegram_api_server=telegram.url,
        outreach_sms_per_second=500.0,
        outreach_telegram_per_second=500.0,
        outreach_telegram_chat_per_second=500.0,
        outreach_quiet_hours="",
    )
