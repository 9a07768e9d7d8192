"""A caller and an agent's phone, driven through the voice webhooks exactly as Twilio drives them.

`Caller` posts what Twilio posts for one inbound call (signed over the full
URL), follows the TwiML it gets back (an <Enqueue> puts the call in the
stand-in's queue; a <Gather> gives the URL its keys go to) and builds the
queue's waitUrl and action requests from the stand-in's queue state.
`AgentPhone` answers the <Dial> the service gave the call through the Calls
API: the agent leg's status callbacks, then the Dial's action.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from sqlmodel import Session, select

from feedback.calls import presence
from feedback.calls.models import LiveCall
from staff.models import User
from tests.helpers.fakes.twilio_calls import call_sid
from tests.helpers.twilio import CITIZEN, HOTLINE_NUMBER, TWILIO_SID, twilio_post, twiml

WITHHELD = "anonymous"  # what Twilio puts in From when the caller hides their number


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Caller:
    """One citizen's call to the hotline."""

    def __init__(self, client, runtime, twilio, number: str = CITIZEN, sid: str | None = None):
        self.client, self.runtime, self.twilio = client, runtime, twilio
        self.number, self.sid = number, sid or call_sid()
        self.heard: ET.Element | None = None
        self.wait_url = self.action_url = self.keys_url = None
        twilio.calls.incoming(self.sid, number, HOTLINE_NUMBER)

    def fields(self, **more: str) -> dict[str, str]:
        form = {
            "AccountSid": TWILIO_SID,
            "ApiVersion": "2010-04-01",
            "CallSid": self.sid,
            "CallStatus": "in-progress",
            "Called": HOTLINE_NUMBER,
            "Caller": self.number,
            "Direction": "inbound",
            "From": self.number,
            "To": HOTLINE_NUMBER,
        }
        return form | more

    def post(self, path: str, form: dict[str, str]) -> ET.Element:
        self.heard = twiml(twilio_post(self.client, self.runtime.settings, path, form))
        self._follow(self.heard)
        return self.heard

    def call_in(self) -> ET.Element:
        return self.post("/channels/voice", self.fields(CallStatus="ringing"))

    def press(self, digits: str, lang: str = "zh") -> ET.Element:
        return self.post(f"/channels/voice/menu?lang={lang}", self.fields(Digits=digits))

    def wait(self) -> ET.Element:
        """Twilio asks the waitUrl what to play (again each time the last answer has been played)."""
        assert self.wait_url, "the caller is not waiting in a queue"
        return self.post(_path(self.wait_url), self.fields(**self.twilio.calls.wait_form(self.sid)))

    def key_while_waiting(self, digits: str) -> ET.Element:
        assert self.keys_url, "nothing is listening for keys"
        return self.post(_path(self.keys_url), self.fields(Digits=digits))

    def queue_ends(self, result: str) -> ET.Element:
        """Twilio requests the Enqueue's action: the caller hung up (hangup) or was taken out (leave)."""
        assert self.action_url
        return self.post(_path(self.action_url), self.fields(**self.twilio.calls.leave_form(self.sid, result)))

    def hang_up(self, duration: int = 30):
        """The caller hangs up: Twilio's final status callback for the call."""
        self.twilio.calls.end(self.sid)
        form = self.fields(CallStatus="completed", CallDuration=str(duration), Duration="1")
        return twilio_post(self.client, self.runtime.settings, "/channels/voice/status", form)

    def _follow(self, root: ET.Element) -> None:
        room = root.find("Dial/Conference")
        if room is not None:
            self.twilio.calls.join(self.sid, room.text)
        enqueue = root.find("Enqueue")
        if enqueue is not None:
            self.twilio.calls.enqueue(self.sid, enqueue.text)
            self.wait_url, self.action_url = enqueue.get("waitUrl"), enqueue.get("action")
        gather = root.find("Gather")
        self.keys_url = gather.get("action") if gather is not None else None


class AgentPhone:
    """The agent's phone that the service rang for a caller (through the Calls API's <Dial><Number>)."""

    def __init__(self, caller: Caller):
        self.caller = caller
        self.leg = call_sid()
        dial = caller.twilio.calls.dial(caller.sid)
        assert dial is not None, "the caller was not connected to an agent"
        self.dial = dial
        self.number_element = dial.find("Number")
        self.sequence = 0
        caller.twilio.calls.leg(self.leg, caller.sid, self.number)

    @property
    def number(self) -> str:
        return self.number_element.text

    def status(self, status: str, duration: int | None = None, lost: bool = False):
        """The agent leg's status callback (statusCallbackEvent on <Number>); `lost`: Twilio's state moves, the
        callback never arrives."""
        self.caller.twilio.calls.set_status(self.leg, status, duration)
        if lost:
            return None
        form = {
            "AccountSid": TWILIO_SID,
            "ApiVersion": "2010-04-01",
            "CallSid": self.leg,
            "ParentCallSid": self.caller.sid,
            "CallStatus": status,
            "Direction": "outbound-dial",
            "From": self.caller.number,
            "To": self.number,
            "CallbackSource": "call-progress-events",
            "SequenceNumber": str(self.sequence),
        }
        if duration is not None:
            form["CallDuration"] = str(duration)
        self.sequence += 1
        path = _path(self.number_element.get("statusCallback"))
        response = twilio_post(self.caller.client, self.caller.runtime.settings, path, form)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    def dial_ends(self, status: str, duration: int = 0, recording: str | None = None) -> ET.Element:
        """The Dial's action request, on the caller's call."""
        more = {"DialCallSid": self.leg, "DialCallStatus": status, "DialCallDuration": str(duration)}
        if recording:
            more |= {"RecordingUrl": recording, "RecordingSid": recording.rsplit("/", 1)[-1]}
        return self.caller.post(_path(self.dial.get("action")), self.caller.fields(**more))

    def answer_and_talk(self, seconds: int, recording: str | None = None) -> ET.Element:
        self.status("ringing")
        self.status("in-progress")
        self.status("completed", seconds)
        return self.dial_ends("completed", seconds, recording)

    def miss(self) -> ET.Element:
        self.status("ringing")
        self.status("no-answer")
        return self.dial_ends("no-answer")


class PlacedPhone:
    """A phone the service called into a conference with the Calls API: a duty phone, or an agent consulted."""

    def __init__(self, caller: Caller, index: int = -1):
        self.caller, self.twilio = caller, caller.twilio
        self.call = self.twilio.calls.created[index]
        self.sequence = 0

    @property
    def number(self) -> str:
        return self.call["to"]

    @property
    def room(self) -> str | None:
        return self.twilio.calls.conference(self.call["sid"])

    def status(self, status: str, duration: int | None = None) -> None:
        """Twilio's status callback for the call (the events asked for in StatusCallbackEvent)."""
        self.twilio.calls.set_status(self.call["sid"], status, duration)
        if status == "in-progress" and self.room:
            self.twilio.calls.join(self.call["sid"], self.room)
        if status in ("completed", "busy", "no-answer", "failed", "canceled"):
            self.twilio.calls.end(self.call["sid"], status)
        form = {
            "AccountSid": TWILIO_SID,
            "ApiVersion": "2010-04-01",
            "CallSid": self.call["sid"],
            "CallStatus": status,
            "Direction": "outbound-api",
            "From": self.call["from"],
            "To": self.number,
            "Called": self.number,
            "Caller": self.call["from"],
            "CallbackSource": "call-progress-events",
            "SequenceNumber": str(self.sequence),
        }
        if duration is not None:
            form["CallDuration"] = str(duration)
        self.sequence += 1
        path = _path(self.call["status_callback"])
        response = twilio_post(self.caller.client, self.caller.runtime.settings, path, form)
        assert response.status_code == 200, response.get_data(as_text=True)

    def answer(self) -> None:
        self.status("initiated")
        self.status("ringing")
        self.status("in-progress")

    def no_answer(self) -> None:
        self.status("initiated")
        self.status("ringing")
        self.status("no-answer")


def give_line(runtime, user_id: int, phone: str | None = "+8613911110001", queues=("zh",), available=True) -> int:
    """Set up an agent's phone line (phone, queues served, available or away); return the user id."""
    with Session(runtime.engine) as session:
        user = session.get(User, user_id)
        if phone:
            presence.set_phone(session, user, phone, "CN")
        presence.set_queues(session, user, list(queues))
        if available:
            presence.set_presence(session, user, "available")
        session.commit()
    return user_id


DutyPhone = PlacedPhone


def talking_call(client, runtime, twilio, agent_id: int | None = None) -> tuple[Caller, AgentPhone, LiveCall]:
    """A citizen who texted once calls, presses 0, and the agent offered the call answers; return the three.

    With `agent_id`, check the call went to that agent (the only one available, in the tests that pass it).
    """
    from tests.helpers import fixture
    from tests.helpers.worker import work

    twilio_post(client, runtime.settings, "/channels/sms", fixture("twilio/sms_incoming_zh.json"))
    work(runtime)
    caller = Caller(client, runtime, twilio)
    caller.press("0")
    work(runtime)
    phone = AgentPhone(caller)
    phone.status("ringing")
    phone.status("in-progress")
    with Session(runtime.engine) as session:
        call = session.exec(select(LiveCall)).one()
    assert agent_id is None or call.agent_id == agent_id
    return caller, phone, call
