"""Settings from the environment: a value the service cannot run with stops it at start, naming the setting."""

from __future__ import annotations

import pytest

from core.config import ConfigError, from_environ


def test_defaults_are_valid():
    settings = from_environ({})
    assert settings.email_poll_seconds == 60 and settings.reopen_window_days == 15
    # A staff session lasts an hour unused and a shift at most; no forwarding header is believed by default.
    assert (settings.session_idle_minutes, settings.session_max_hours, settings.trusted_proxy_count) == (60, 12, 0)


@pytest.mark.parametrize(
    "name, value",
    [
        ("EMAIL_POLL_SECONDS", "0"),  # Redis refuses a zero expiry: the mailbox would never be polled
        ("VOICE_MAX_RECORDING_SECONDS", "0"),
        ("MEDIA_MAX_BYTES", "-1"),
        ("REOPEN_WINDOW_DAYS", "-3"),
        ("IMAP_PORT", "0"),
        ("ROUTER_CONFIDENCE_THRESHOLD", "1.5"),
        ("SMTP_SECURITY", "tls"),
        ("VALIDATE_SIGNATURES", "maybe"),
        ("SESSION_IDLE_MINUTES", "0"),
        ("SESSION_MAX_HOURS", "0"),
        ("TRUSTED_PROXY_COUNT", "-1"),
        ("TRUSTED_PROXY_COUNT", "one"),
    ],
)
def test_a_bad_value_is_refused_with_the_settings_name(name, value):
    with pytest.raises(ConfigError, match=name):
        from_environ({name: value})


def test_no_reopen_window_is_allowed():
    assert from_environ({"REOPEN_WINDOW_DAYS": "0"}).reopen_window_days == 0
