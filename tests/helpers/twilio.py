"""Helpers for the voice tests: post a recorded Twilio Voice request to one IVR step and read its TwiML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.helpers.worker import fixture, twilio_post

CALLER = "+8613800138000"  # the same number as the Chinese SMS fixture


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
