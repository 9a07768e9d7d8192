"""What Twilio posts about SMS: incoming messages and delivery callbacks, signature-checked and parsed."""

from __future__ import annotations

from flask import Request
from twilio.request_validator import RequestValidator

from channels.base import Contact, Ignored, MediaRef, Received, Reply, StatusChanged, WebhookError
from core.config import Settings
from core.urns import InvalidURN, tel

KIND = "sms"
EMPTY_TWIML = Reply('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', "text/xml")
MAX_MEDIA = 10  # Twilio sends at most 10 media items per MMS

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


def verify(settings: Settings, request: Request) -> dict[str, str]:
    """Check X-Twilio-Signature against PUBLIC_URL + path; return the form fields (voice calls use it too)."""
    if request.mimetype != "application/x-www-form-urlencoded":
        raise WebhookError(400, "Twilio posts application/x-www-form-urlencoded")
    form = request.form.to_dict()
    if settings.validate_signatures:
        signature = request.headers.get("X-Twilio-Signature", "")
        url = settings.public_url + request.full_path.rstrip("?")
        if not signature or not RequestValidator(settings.twilio_auth_token).validate(url, form, signature):
            raise WebhookError(403, "X-Twilio-Signature is missing or does not match")
    return form


def message(settings: Settings, request: Request) -> Received | Ignored:
    """Turn Twilio's incoming-message form post into a Contact."""
    form = verify(settings, request)
    sid, sender = form.get("MessageSid", "").strip(), form.get("From", "").strip()
    if not sid or not sender:
        raise WebhookError(400, "MessageSid and From are required")
    try:
        urn = tel(sender, settings.default_region)
    except InvalidURN as exc:
        raise WebhookError(400, str(exc)) from exc
    media = tuple(_media(form))
    body = form.get("Body", "")
    if not body.strip() and not media:
        return Ignored("empty message", EMPTY_TWIML)
    return Received([Contact(KIND, urn, sid, body, payload=dict(form), media=media)], EMPTY_TWIML)


def status(settings: Settings, request: Request) -> StatusChanged | Ignored:
    """Turn a delivery callback into a status change for our outbound row."""
    form = verify(settings, request)
    sid, reported = form.get("MessageSid", "").strip(), form.get("MessageStatus", "").strip()
    if not sid or not reported:
        raise WebhookError(400, "MessageSid and MessageStatus are required")
    ours = _STATUS.get(reported)
    if ours is None:
        return Ignored(f"unknown message status {reported!r}")
    code = form.get("ErrorCode")
    our_id = request.args.get("id", "")
    return StatusChanged(sid, ours, f"Twilio error {code}" if code else None, int(our_id) if our_id.isdigit() else None)


def _media(form: dict[str, str]):
    try:
        count = min(int(form.get("NumMedia", "0") or 0), MAX_MEDIA)
    except ValueError:
        raise WebhookError(400, "NumMedia must be a number") from None
    for index in range(count):
        url = form.get(f"MediaUrl{index}")
        if url:
            yield MediaRef(url, form.get(f"MediaContentType{index}"))
