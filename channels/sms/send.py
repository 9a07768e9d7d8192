"""Send an SMS with Twilio's official client, pointed at TWILIO_API_BASE_URL when set (a proxy, or a test server)."""

from __future__ import annotations

import os
from functools import lru_cache

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from channels.base import ChannelError, OutboundMessage
from core.config import Settings
from core.urns import split

SEND_TIMEOUT_SECONDS = 30  # jobs.outbound.SEND_TIMEOUT: a batch's lease allows this much per send
# Error codes that will fail again however often we retry (invalid or unreachable numbers, opt-outs).
OPTED_OUT_CODE = 21610  # "Attempt to send to unsubscribed recipient": the citizen texted STOP to Twilio's number
PERMANENT_CODES = {21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006, 30007}


def send(settings: Settings, message: OutboundMessage) -> str:
    """Send one text and return Twilio's message SID; raise ChannelError when it cannot go."""
    scheme, number = split(message.urn)
    if scheme != "tel":
        raise ChannelError(f"SMS cannot reach {message.urn}", permanent=True)
    sender = (
        {"messaging_service_sid": settings.twilio_messaging_service_sid}
        if settings.twilio_messaging_service_sid
        else {"from_": settings.twilio_from_number}
    )
    try:
        sent = client(settings).messages.create(
            to=number,
            body=message.text,
            status_callback=f"{settings.public_url}/channels/sms/status?id={message.interaction_id}",
            **sender,
        )
    except TwilioRestException as exc:
        permanent = exc.code in PERMANENT_CODES or (400 <= exc.status < 500 and exc.status != 429)
        raise ChannelError(
            f"Twilio {exc.status} (code {exc.code}): {exc.msg}",
            permanent=permanent,
            opted_out=exc.code == OPTED_OUT_CODE,
        ) from exc
    except (TwilioException, OSError) as exc:
        raise ChannelError(f"Twilio unreachable: {exc}") from exc
    return sent.sid


@lru_cache(maxsize=8)
def client(settings: Settings) -> Client:
    """Return the official client for these settings, made once (it keeps its HTTP connections open)."""
    # A timeout, because a hung API would otherwise hold the outbound job (and its lease) forever.
    made = Client(
        settings.twilio_account_sid,
        settings.twilio_auth_token,
        http_client=_http_client(settings.twilio_api_base_url or "https://api.twilio.com"),
    )
    if settings.twilio_api_base_url:
        made.api.base_url = settings.twilio_api_base_url
    return made


def _http_client(api_url: str) -> TwilioHttpClient:
    """Return Twilio's HTTP client with the proxy and CA settings of the environment read once, at start.

    requests reads HTTPS_PROXY, NO_PROXY and REQUESTS_CA_BUNDLE again on every call, scanning
    the whole environment: a fifth of the cost of sending one SMS.
    """
    http = TwilioHttpClient(timeout=SEND_TIMEOUT_SECONDS, proxy=requests.utils.get_environ_proxies(api_url) or None)
    http.session.trust_env = False
    http.session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    return http
