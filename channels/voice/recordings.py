"""Fetch a caller's recording from Twilio (with the account's credentials) and delete it there once kept.

Credentials go only to the Twilio API (or TWILIO_API_BASE_URL, which stands in
for it): a recording URL anywhere else is refused, never fetched with them.
"""

from __future__ import annotations

import requests

from channels.base import ChannelError
from core.config import Settings

TWILIO_API = "https://api.twilio.com"
TIMEOUT_SECONDS = 30
CHUNK = 64 * 1024


def fetch(settings: Settings, url: str, limit: int) -> bytes:
    """Download a recording as WAV; raise ChannelError (permanent for a missing or oversized one)."""
    try:
        with requests.get(_api_url(settings, url) + ".wav", auth=_auth(settings), timeout=TIMEOUT_SECONDS,
                          stream=True) as response:  # fmt: skip
            _check(response)
            return _read(response, limit)
    except requests.RequestException as exc:
        raise ChannelError(f"Twilio unreachable: {exc}") from exc


def forget(settings: Settings, url: str) -> None:
    """Delete a recording at Twilio (already gone counts as done); raise ChannelError on failure."""
    try:
        response = requests.delete(_api_url(settings, url) + ".json", auth=_auth(settings), timeout=TIMEOUT_SECONDS)
    except requests.RequestException as exc:
        raise ChannelError(f"Twilio unreachable: {exc}") from exc
    if response.status_code != 404:
        _check(response)


def _api_url(settings: Settings, url: str) -> str:
    base = settings.twilio_api_base_url or TWILIO_API
    path = url.removeprefix(TWILIO_API) if url.startswith(TWILIO_API + "/") else url.removeprefix(base)
    if path == url or not path.startswith("/2010-04-01/Accounts/"):
        raise ChannelError(f"not a Twilio recording URL: {url[:200]}", permanent=True)
    return base + path.removesuffix(".wav").removesuffix(".mp3").removesuffix(".json")


def _auth(settings: Settings) -> tuple[str, str]:
    return settings.twilio_account_sid, settings.twilio_auth_token


def _check(response: requests.Response) -> None:
    if response.status_code < 300:
        return
    permanent = response.status_code in (401, 403, 404, 410)
    raise ChannelError(f"Twilio answered {response.status_code} for the recording", permanent=permanent)


def _read(response: requests.Response, limit: int) -> bytes:
    data = bytearray()
    for chunk in response.iter_content(CHUNK):
        data += chunk
        if len(data) > limit:
            raise ChannelError(f"the recording is over MEDIA_MAX_BYTES ({limit})", permanent=True)
    return bytes(data)
