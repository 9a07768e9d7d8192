"""SMS sandbox: with no Twilio account configured, outbound SMS goes to a local stand-in of Twilio's
Messages API inside this app, and lands in an outbox an operator can read at `/sandbox/outbox`.

The real code path runs end to end — the official client, a signed webhook
from `flask --app app simulate sms`, delivery callbacks — and nothing leaves
the machine. Setting TWILIO_ACCOUNT_SID turns the sandbox off.
"""

from __future__ import annotations

import json
import secrets

from flask import Blueprint, current_app, jsonify, request

from core.api_token import token_required
from core.clock import utcnow
from core.config import Settings

SANDBOX_ACCOUNT_SID = "AC" + "0" * 32
SANDBOX_FROM_NUMBER = "+15005550006"  # Twilio's own magic test number
OUTBOX_KEY = "civicline:sandbox:outbox"
OUTBOX_SIZE = 500

bp = Blueprint("sms_sandbox", __name__, url_prefix="/sandbox")


def sandbox_settings(settings: Settings, auth_token: str) -> Settings:
    """Return settings that point the SMS channel at this app's own stand-in."""
    return settings.with_overrides(
        sms_sandbox=True,
        twilio_account_sid=SANDBOX_ACCOUNT_SID,
        twilio_auth_token=auth_token,
        twilio_from_number=settings.twilio_from_number or SANDBOX_FROM_NUMBER,
        twilio_api_base_url=f"{settings.public_url}/sandbox/twilio",
    )


@bp.post("/twilio/2010-04-01/Accounts/<account_sid>/Messages.json")
def create_message(account_sid: str):
    """Accept a message the way Twilio does (basic auth, form fields) and keep it in the outbox."""
    settings = current_app.extensions["civicline"].settings
    auth = request.authorization
    if auth is None or auth.username != settings.twilio_account_sid or auth.password != settings.twilio_auth_token:
        return jsonify(code=20003, message="Authenticate", status=401), 401
    if not request.form.get("To") or not request.form.get("Body"):
        return jsonify(code=21602, message="A 'To' and a 'Body' are required", status=400), 400
    sid = "SM" + secrets.token_hex(16)
    message = {
        "sid": sid,
        "account_sid": account_sid,
        "to": request.form["To"],
        "from": request.form.get("From") or request.form.get("MessagingServiceSid"),
        "body": request.form["Body"],
        "status": "queued",
        "date_created": utcnow().isoformat(),
    }
    connection = current_app.extensions["civicline"].redis
    connection.lpush(OUTBOX_KEY, json.dumps(message, ensure_ascii=False))
    connection.ltrim(OUTBOX_KEY, 0, OUTBOX_SIZE - 1)
    return jsonify(message), 201


@bp.get("/outbox")
@token_required
def outbox():
    """Show the newest messages the hotline has sent while in sandbox mode."""
    raw = current_app.extensions["civicline"].redis.lrange(OUTBOX_KEY, 0, 99)
    return jsonify(messages=[json.loads(item) for item in raw])
