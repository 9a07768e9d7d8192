"""Voice through Twilio: a short IVR (`receive`), and what each call's contacts mean (`understand`).

A call cannot be answered later by calling back automatically, so replies to
callers go out by SMS to the calling number.
"""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session

from channels.base import Channel, ChannelError, OutboundMessage, Understood, Webhook
from channels.models import Interaction
from channels.sms.receive import KIND as SMS
from channels.voice import calls_api, polls, queue, receive, recordings, twiml, understand
from channels.voice.texts import TEXTS
from core.urns import tel


class VoiceChannel(Channel):
    """Twilio Programmable Voice."""

    kind = receive.KIND
    scheme = "tel"
    reply_channel = SMS
    labels: ClassVar[dict[str, str]] = {"zh": "语音", "en": "Voice"}
    answer_style = "spoken"
    texts = TEXTS
    media_at_provider = True  # recordings stay at Twilio until `jobs.recordings` fetches them
    # The case layer's keeper of live calls, handed over by the wiring (None: no live calls in this process).
    calls: queue.CallDesk | None = None
    # The outreach layer's reader of consultation questions, handed over by the wiring (None: no re-asking).
    poll_desk: polls.PollDesk | None = None

    @classmethod
    def address(cls, raw: str, region: str) -> str:
        return tel(raw, region)

    @property
    def enabled(self) -> bool:
        return bool(self.settings.twilio_account_sid and self.settings.twilio_auth_token)

    def webhooks(self) -> dict[str, Webhook]:
        poll = polls.PollCall(self.settings, self.poll_desk)
        consultation: dict[str, Webhook] = {"pollkey": poll.key, "pollstatus": poll.ended}
        if self.calls is None or not self.settings.live_calls:
            ivr = receive.Ivr(self.settings, self.desk, poll)
            return _ivr_hooks(ivr) | consultation
        line = queue.Line(self.settings, self.desk, self.calls, poll)
        return (
            _ivr_hooks(line)
            | consultation
            | {
                "wait": line.wait,
                "waitkey": line.wait_key,
                "left": line.left,
                "overflow": line.overflow,
                "dialed": line.dialed,
                "agent": line.agent,
                "department": line.department,
                "duty": line.duty,
            }
        )

    def connect(self, call_sid: str, offer_id: int, phone: str, language: str) -> None:
        """Ring an agent's phone for a waiting caller (Calls API); raise ChannelError when Twilio will not."""
        base = f"{self.settings.public_url}/channels/{self.kind}"
        action = f"{base}/dialed?lang={language}&offer={offer_id}"
        leg = f"{base}/agent?offer={offer_id}"
        calls_api.redirect(self.settings, call_sid, twiml.connect(phone, action, leg, self.settings.call_ring_seconds))

    def transfer(self, call_sid: str, queue_name: str, language: str) -> None:
        """Send a caller who is talking to an agent to the back of another queue (a cold transfer)."""
        base = f"{self.settings.public_url}/channels/{self.kind}"
        wait, left = f"{base}/wait?lang={language}", f"{base}/left?lang={language}"
        calls_api.redirect(
            self.settings, call_sid, twiml.enqueue(language, queue_name, wait, left, ("transferring",)).body
        )

    def conference(self, leg_sid: str, room: str, holds_call: bool = True) -> None:
        """Move an agent's leg into a <Conference> room; `holds_call`: the room closes when they leave it.

        For the agent's leg of the caller's <Dial>, Twilio then ends the caller's <Dial> and asks its action
        what next; `dialed` answers with the room (or the hold room), so the caller follows. Redirecting the
        caller's own call instead would hang up the agent's leg: it is the <Dial>'s child.
        """
        calls_api.redirect(self.settings, leg_sid, twiml.conference(room, ends_it=holds_call))

    def caller_to(self, call_sid: str, room: str, language: str, on_hold: bool = False) -> None:
        """Move a caller already in a conference into another room (the hold room, or back to the talk)."""
        caller = twiml.conference(room, ends_it=False, after=("goodbye",), language=language, on_hold=on_hold)
        calls_api.redirect(self.settings, call_sid, caller)

    def dial_duty(self, room: str, phone: str, duty_id: int) -> str:
        """Ring a department's duty phone into a conference room; return the new call's CallSid."""
        callback = f"{self.settings.public_url}/channels/{self.kind}/duty?duty={duty_id}"
        return self._place(phone, twiml.conference(room, ends_it=False), callback)

    def dial_agent(self, room: str, phone: str, offer_id: int) -> str:
        """Ring an agent's phone into a conference room (a warm transfer's consultation); return its CallSid."""
        callback = f"{self.settings.public_url}/channels/{self.kind}/agent?offer={offer_id}"
        return self._place(phone, twiml.conference(room, ends_it=False), callback)

    def hang_up(self, call_sid: str) -> None:
        """End one leg (a consulted agent's, or the first agent's once the caller is handed over)."""
        calls_api.hang_up(self.settings, call_sid)

    def _place(self, phone: str, room_twiml: str, callback: str) -> str:
        every_step = ("initiated", "ringing", "answered", "completed")
        return calls_api.place(self.settings, phone, room_twiml, callback, self.settings.call_ring_seconds, every_step)

    def call_status(self, call_sid: str) -> str:
        """Return Twilio's status of a call ("gone" when unknown); raise ChannelError when Twilio cannot say."""
        return calls_api.status(self.settings, call_sid)

    def call_progress(self, call_sid: str) -> tuple[str, int | None]:
        """Return Twilio's status of a call and its duration once ended; raise ChannelError when Twilio cannot say."""
        return calls_api.fetch(self.settings, call_sid)

    def fetch_media(self, url: str, limit: int) -> bytes:
        return recordings.fetch(self.settings, url, limit)

    def forget_media(self, url: str) -> None:
        if self.settings.twilio_delete_recordings:
            recordings.forget(self.settings, url)

    def send(self, message: OutboundMessage) -> str:
        """Place a consultation call (a notice copy with options); any other message goes by SMS instead."""
        if not message.options.get(polls.OPTIONS):
            raise ChannelError("a call cannot be placed as a message; replies to callers go by SMS", permanent=True)
        return polls.place(self.settings, message)

    def understand(self, session: Session, contact: Interaction, language: str) -> Understood:
        return understand.understand(session, contact)


def _ivr_hooks(ivr: receive.Ivr) -> dict[str, Webhook]:
    return {
        "": ivr.incoming_call,
        "menu": ivr.menu,
        "reference": ivr.reference,
        "recording": ivr.recording,
        "transcription": ivr.transcription,
        "status": ivr.status,
    }
