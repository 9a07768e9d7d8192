"""Twilio as the tests meet it: the test account, requests signed as Twilio signs them (SMS webhooks, delivery
callbacks, voice steps), recorded Twilio payloads, and the TwiML a caller would hear read back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlencode, urlparse

from twilio.request_validator import RequestValidator

from tests.helpers import fixture

TWILIO_SID = "AC" + "1" * 32
TWILIO_TOKEN = "test-auth-token-" + "2" * 16
HOTLINE_NUMBER = "+8612345000000"
CITIZEN = "+8613800138000"  # the sender of twilio/sms_incoming_zh.json, and the caller in twilio_voice/*.json


def twilio_post(client, settings, path: str, form: dict, signature: str | None = None):
    """POST a form exactly as Twilio does: url-encoded, signed over PUBLIC_URL + path."""
    if signature is None:
        signature = RequestValidator(settings.twilio_auth_token).compute_signature(settings.public_url + path, form)
    return client.post(
        path,
        data=urlencode(form),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature},
    )


def delivered(client, runtime, twilio_message: dict) -> int:
    """Post Twilio's 'delivered' callback for a message our SMS channel sent, to the URL it gave Twilio."""
    callback = urlparse(twilio_message["status_callback"])
    path = f"{callback.path}?{callback.query}"
    form = dict(
        fixture("twilio/sms_status_delivered.json"), MessageSid=twilio_message["sid"], SmsSid=twilio_message["sid"]
    )
    return twilio_post(client, runtime.settings, path, form).status_code


def voice_fixture(name: str, **changes: str) -> dict:
    """Load tests/fixtures/twilio_voice/<name>.json, with some fields changed."""
    return {**fixture(f"twilio_voice/{name}.json"), **changes}


def call_step(client, settings, step: str, form: dict, **query: str):
    """POST a form to /channels/voice[/step][?query] as Twilio does, signed over the full URL."""
    path = "/channels/voice" + (f"/{step}" if step else "")
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return twilio_post(client, settings, path, form)


def twiml(response) -> ET.Element:
    """Parse a webhook's TwiML answer (and check it is one)."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.get_data())
    assert root.tag == "Response"
    return root


def verbs(element: ET.Element) -> list[str]:
    """Return the verbs a caller meets, in order."""
    return [child.tag for child in element]


def spoken(element: ET.Element) -> str:
    """Return everything said in an element, in order."""
    return " ".join(say.text or "" for say in element.iter("Say"))
