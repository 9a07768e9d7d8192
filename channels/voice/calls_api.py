"""Twilio's Calls API through the official client (at TWILIO_API_BASE_URL when set): place a call, move a live
call, read one back.

A call waiting in a queue is connected to an agent by giving it new TwiML;
a lost status callback is made good by fetching the call; a consultation by
phone is a call placed to the citizen with the question as its TwiML.
"""

from __future__ import annotations

from twilio.base.exceptions import TwilioException, TwilioRestException

from channels.base import ChannelError
from channels.sms.send import client
from core.config import Settings

# 20404: no such call; 21220: the call has ended and cannot be redirected.
GONE_CODES = {20404, 21220}


def redirect(settings: Settings, call_sid: str, twiml: str) -> None:
    """Give a live call new TwiML; raise ChannelError (permanent when the call is gone)."""
    try:
        client(settings).calls(call_sid).update(twiml=twiml)
    except TwilioRestException as exc:
        raise ChannelError(
            f"Twilio {exc.status} (code {exc.code}): {exc.msg}", permanent=exc.code in GONE_CODES
        ) from exc
    except (TwilioException, OSError) as exc:
        raise ChannelError(f"Twilio unreachable: {exc}") from exc


def hang_up(settings: Settings, call_sid: str) -> None:
    """End a call, ringing or talking (a call already gone counts as ended); raise ChannelError otherwise."""
    try:
        client(settings).calls(call_sid).update(status="completed")
    except TwilioRestException as exc:
        if exc.code in GONE_CODES:
            return
        raise ChannelError(f"Twilio {exc.status} (code {exc.code}): {exc.msg}") from exc
    except (TwilioException, OSError) as exc:
        raise ChannelError(f"Twilio unreachable: {exc}") from exc


def place(
    settings: Settings,
    to: str,
    twiml: str,
    status_callback: str,
    ring_seconds: int | None = None,
    events: tuple[str, ...] = ("completed",),
) -> str:
    """Place a call from the hotline's number that runs `twiml` once answered; return its CallSid.

    The steps named in `events` (initiated, ringing, answered, completed) are posted to `status_callback`.
    Raise ChannelError: permanent when Twilio refuses the call itself, or the hotline has no number to call from.
    """
    if not settings.twilio_from_number.startswith("+"):
        raise ChannelError("set TWILIO_FROM_NUMBER to the hotline's phone number to place calls", permanent=True)
    ringing = {"timeout": ring_seconds} if ring_seconds else {}
    try:
        call = client(settings).calls.create(
            to=to, from_=settings.twilio_from_number, twiml=twiml, status_callback=status_callback,
            status_callback_method="POST", status_callback_event=list(events), **ringing,
        )  # fmt: skip
    except TwilioRestException as exc:
        raise ChannelError(f"Twilio {exc.status} (code {exc.code}): {exc.msg}", permanent=400 <= exc.status < 500
                           and exc.status != 429) from exc  # fmt: skip
    except (TwilioException, OSError) as exc:
        raise ChannelError(f"Twilio unreachable: {exc}") from exc
    return str(call.sid)


def status(settings: Settings, call_sid: str) -> str:
    """Return Twilio's status of a call ("in-progress", "completed", ...); "gone" for a call Twilio does not know."""
    return fetch(settings, call_sid)[0]


def fetch(settings: Settings, call_sid: str) -> tuple[str, int | None]:
    """Return Twilio's status of a call and its duration in seconds once ended ("gone", None if unknown)."""
    try:
        call = client(settings).calls(call_sid).fetch()
        return str(call.status), int(call.duration) if call.duration else None
    except TwilioRestException as exc:
        if exc.status == 404:
            return "gone", None
        raise ChannelError(f"Twilio {exc.status} (code {exc.code}): {exc.msg}") from exc
    except (TwilioException, OSError) as exc:
        raise ChannelError(f"Twilio unreachable: {exc}") from exc
