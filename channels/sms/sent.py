"""Asking Twilio whether a message already went: its Messages list, filtered by recipient and day sent.

A worker killed after Twilio accepted a message but before it wrote down the
SID leaves the message looking unsent; sending it again gives the citizen two
copies. Before a second attempt the outbound job asks here. Twilio filters by
the day a message was sent (`DateSent>=`, a date); the match on sender and
body, and the SIDs other rows already own, do the rest.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from twilio.base.exceptions import TwilioException, TwilioRestException

from channels.base import ChannelError, OutboundMessage
from channels.sms.send import client
from core.config import Settings
from core.urns import split

LOOK_BACK = timedelta(minutes=10)  # clock skew between us and Twilio, and a send just before midnight
PAGE_LIMIT = 100  # the messages to one number in a day or two


def find(settings: Settings, message: OutboundMessage, exclude: frozenset[str]) -> str | None:
    """Return the SID of a message Twilio has from us to this number with this text (not one in `exclude`)."""
    scheme, number = split(message.urn)
    if scheme != "tel" or message.queued_at is None:
        return None
    since = datetime.combine((message.queued_at - LOOK_BACK).date(), time.min, tzinfo=UTC)
    try:
        found = client(settings).messages.list(to=number, date_sent_after=since, limit=PAGE_LIMIT)
    except TwilioRestException as exc:
        raise ChannelError(f"Twilio {exc.status} while checking for an earlier send: {exc.msg}") from exc
    except (TwilioException, OSError) as exc:
        raise ChannelError(f"Twilio unreachable while checking for an earlier send: {exc}") from exc
    for sent in found:
        if sent.sid not in exclude and sent.body == message.text and _ours(settings, sent):
            return sent.sid
    return None


def _ours(settings: Settings, sent) -> bool:
    if settings.twilio_messaging_service_sid:
        return sent.messaging_service_sid == settings.twilio_messaging_service_sid
    return sent.from_ == settings.twilio_from_number
