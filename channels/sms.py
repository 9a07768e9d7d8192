"""SMS through Twilio: the messaging webhook, delivery callbacks, and sending with the official client."""

from __future__ import annotations

import os
from functools import cached_property

import requests
from flask import Request
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from channels.base import (
    Channel,
    ChannelError,
    Contact,
    Ignored,
    MediaRef,
    OutboundMessage,
    Received,
    Reply,
    StatusChanged,
    Webhook,
    WebhookError,
)
from core.urns import InvalidURN, split, tel

EMPTY_TWIML = Reply('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', "text/xml")
MAX_MEDIA = 10  # Twilio sends at most 10 media items per MMS
SEND_TIMEOUT_SECONDS = 30  # well inside jobs.outbound.LEASE

# Twilio's message statuses, and ours: callbacks only ever move a message forward.
_STATUS = {
    "accepted": "sent",
    "queued": "sent",
    "sending": "sent",
    "sent": "sent",
    "delivered": "delivered",
    "read": "delivered",
    "undelivered": "undeliverable",
    "failed": "undeliverable",
    "canceled": "undeliverable",
}
# Error codes that will fail again however often we retry (invalid or unreachable numbers, opt-outs).
_PERMANENT_CODES = {21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006, 30007}


class SmsChannel(Channel):
    """Twilio Programmable Messaging."""

    kind = "sms"

    @property
    def enabled(self) -> bool:
        s = self.settings
        return bool(
            s.twilio_account_sid and s.twilio_auth_token and (s.twilio_from_number or s.twilio_messaging_service_sid)
        )

    def webhooks(self) -> dict[str, Webhook]:
        return {"": self.receive, "status": self.status}

    def receive(self, request: Request) -> Received | Ignored:
        """Turn Twilio's incoming-message form post into a Contact."""
        form = verify(self.settings, request)
        sid, sender = form.get("MessageSid", "").strip(), form.get("From", "").strip()
        if not sid or not sender:
            raise WebhookError(400, "MessageSid and From are required")
        try:
            urn = tel(sender, self.settings.default_region)
        except InvalidURN as exc:
            raise WebhookError(400, str(exc)) from exc
        media = tuple(_media(form))
        body = form.get("Body", "")
        if not body.strip() and not media:
            return Ignored("empty message", EMPTY_TWIML)
        contact = Contact(self.kind, urn, sid, body, payload=dict(form), media=media)
        return Received([contact], EMPTY_TWIML)

    def status(self, request: Request) -> StatusChanged | Ignored:
        """Turn a delivery callback into a status change for our outbound row."""
        form = verify(self.settings, request)
        sid, status = form.get("MessageSid", "").strip(), form.get("MessageStatus", "").strip()
        if not sid or not status:
            raise WebhookError(400, "MessageSid and MessageStatus are required")
        ours = _STATUS.get(status)
        if ours is None:
            return Ignored(f"unknown message status {status!r}")
        code = form.get("ErrorCode")
        our_id = request.args.get("id", "")
        return StatusChanged(
            sid, ours, f"Twilio error {code}" if code else None, int(our_id) if our_id.isdigit() else None
        )

    def send(self, message: OutboundMessage) -> str:
        scheme, number = split(message.urn)
        if scheme != "tel":
            raise ChannelError(f"SMS cannot reach {message.urn}", permanent=True)
        if not self.enabled:
            raise ChannelError("SMS is not configured (TWILIO_* settings)", permanent=True)
        sender = (
            {"messaging_service_sid": self.settings.twilio_messaging_service_sid}
            if self.settings.twilio_messaging_service_sid
            else {"from_": self.settings.twilio_from_number}
        )
        try:
            sent = self.client.messages.create(
                to=number,
                body=message.text,
                status_callback=f"{self.settings.public_url}/channels/sms/status?id={message.interaction_id}",
                **sender,
            )
        except TwilioRestException as exc:
            permanent = exc.code in _PERMANENT_CODES or (400 <= exc.status < 500 and exc.status != 429)
            raise ChannelError(f"Twilio {exc.status} (code {exc.code}): {exc.msg}", permanent=permanent) from exc
        except (TwilioException, OSError) as exc:
            raise ChannelError(f"Twilio unreachable: {exc}") from exc
        return sent.sid

    @cached_property
    def client(self) -> Client:
        """Return the official client, pointed at TWILIO_API_BASE_URL when set (a proxy, or a test server)."""
        # A timeout, because a hung API would otherwise hold the outbound job (and its lease) forever.
        client = Client(
            self.settings.twilio_account_sid,
            self.settings.twilio_auth_token,
            http_client=_http_client(self.settings.twilio_api_base_url or "https://api.twilio.com"),
        )
        if self.settings.twilio_api_base_url:
            client.api.base_url = self.settings.twilio_api_base_url
        return client


def _http_client(api_url: str) -> TwilioHttpClient:
    """Return Twilio's HTTP client with the proxy and CA settings of the environment read once, at start.

    requests reads HTTPS_PROXY, NO_PROXY and REQUESTS_CA_BUNDLE again on every call, scanning
    the whole environment: a fifth of the cost of sending one SMS.
    """
    http = TwilioHttpClient(timeout=SEND_TIMEOUT_SECONDS, proxy=requests.utils.get_environ_proxies(api_url) or None)
    http.session.trust_env = False  # type: ignore[union-attr]
    http.session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True  # type: ignore[union-attr]
    return http


def verify(settings, request: Request) -> dict[str, str]:
    """Check X-Twilio-Signature against PUBLIC_URL + path; return the form fields."""
    if request.mimetype != "application/x-www-form-urlencoded":
        raise WebhookError(400, "Twilio posts application/x-www-form-urlencoded")
    form = request.form.to_dict()
    if settings.validate_signatures:
        signature = request.headers.get("X-Twilio-Signature", "")
        url = settings.public_url + request.full_path.rstrip("?")
        if not signature or not RequestValidator(settings.twilio_auth_token).validate(url, form, signature):
            raise WebhookError(403, "X-Twilio-Signature is missing or does not match")
    return form


def _media(form: dict[str, str]):
    try:
        count = min(int(form.get("NumMedia", "0") or 0), MAX_MEDIA)
    except ValueError:
        raise WebhookError(400, "NumMedia must be a number") from None
    for index in range(count):
        url = form.get(f"MediaUrl{index}")
        if url:
            yield MediaRef(url, form.get(f"MediaContentType{index}"))
