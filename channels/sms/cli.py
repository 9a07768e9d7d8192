"""`flask --app app simulate sms NUMBER TEXT`: send a correctly signed Twilio webhook to a running instance."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

import click
import requests
from flask import current_app
from twilio.request_validator import RequestValidator


def twilio_sms_form(account_sid: str, sender: str, to: str, body: str, sid: str | None = None) -> dict[str, str]:
    """Return the form fields Twilio posts for an incoming SMS."""
    return {
        "ToCountry": "CN",
        "ToState": "",
        "SmsMessageSid": sid or "",
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid or "",
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": "CN",
        "To": to,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid or "",
        "AccountSid": account_sid,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


@click.command("simulate")
@click.argument("channel", type=click.Choice(["sms"]))
@click.argument("sender")
@click.argument("text")
@click.option("--url", help="The instance's public URL (default: PUBLIC_URL).")
def simulate(channel: str, sender: str, text: str, url: str | None) -> None:
    """Send TEXT from SENDER to a running instance as the provider would, signed with this install's token."""
    settings = current_app.extensions["civicline"].settings
    sid = "SM" + secrets.token_hex(16)
    form = twilio_sms_form(settings.twilio_account_sid, sender, settings.twilio_from_number, text, sid)
    for key in ("SmsMessageSid", "SmsSid", "MessageSid"):
        form[key] = sid
    base = (url or settings.public_url).rstrip("/")
    target = f"{base}/channels/{channel}"
    # Twilio signs the URL it was configured with: PUBLIC_URL, which may differ from where we connect.
    signature = RequestValidator(settings.twilio_auth_token).compute_signature(
        f"{settings.public_url}/channels/{channel}", form
    )
    try:
        response = requests.post(target, data=form, headers={"X-Twilio-Signature": signature}, timeout=10)
    except requests.RequestException as exc:
        raise click.ClickException(f"could not reach {target}: {exc}") from exc
    click.echo(f"{response.status_code} {response.reason} — MessageSid {sid}")
    if response.status_code != 200:
        raise click.ClickException(response.text.strip())
    query = urlencode({"urn": f"tel:{sender}"})  # the + of a phone number must be %2B in a query string
    click.echo(f"See the case: curl -H 'Authorization: Bearer <API token>' '{base}/api/cases?{query}'")
