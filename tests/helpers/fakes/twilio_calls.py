"""Twilio's Calls resource and its queues, as the local Twilio stand-in serves them.

Calls: create (POST Calls.json), update with new TwiML or a Url, or end (POST Calls/<sid>.json), fetch (GET
Calls/<sid>.json), with Twilio's JSON shapes and errors (20404 for an unknown call, 21220 for redirecting a call
that has ended). Queues: a call whose TwiML said <Enqueue> waits in a named queue, first in first out; the forms
Twilio posts to a queue's waitUrl (QueuePosition, QueueTime, AvgQueueTime, CurrentQueueSize) and to its action
(QueueResult) are built here from that state, and a call redirected by the API leaves its queue, as at Twilio.
The TwiML given in an update is kept parsed, so a test can answer the <Dial> it asks for. Conferences: a call whose
TwiML says <Dial><Conference>room</Conference></Dial> is in that room (`rooms`); redirecting a <Dial>'s child leg
ends the parent's <Dial> (Twilio then requests its action), which `dial_ended` records for the test to drive.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.utils import formatdate

CALLS = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Calls\.json$")
CALL = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Calls/(CA[0-9a-f]{32})\.json$")
ENDED = {"completed", "busy", "failed", "no-answer", "canceled"}
E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def call_sid() -> str:
    return "CA" + secrets.token_hex(16)


@dataclass
class Waiting:
    sid: str
    since: float


@dataclass
class CallsState:
    """Every call Twilio knows of, the queues, and what the API was asked."""

    account_sid: str = ""
    calls: dict[str, dict] = field(default_factory=dict)
    queues: dict[str, list[Waiting]] = field(default_factory=dict)
    queue_sids: dict[str, str] = field(default_factory=dict)
    served_waits: dict[str, list[float]] = field(default_factory=dict)  # seconds each dequeued call waited
    updates: list[tuple[str, dict]] = field(default_factory=list)  # (CallSid, form) of every update
    fetched: list[str] = field(default_factory=list)
    created: list[dict] = field(default_factory=list)  # every call placed through the API
    rooms: dict[str, list[str]] = field(default_factory=dict)  # conference room → CallSids in it
    dial_ended: list[str] = field(default_factory=list)  # parents whose <Dial> ended because the child moved
    update_failures: list[tuple[int, int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    clock: object = time.monotonic  # a bench swaps in its simulated clock

    # -- calls ----------------------------------------------------------------------------------------
    def incoming(self, sid: str, from_: str, to: str) -> dict:
        """Record a call a citizen placed to the hotline (Twilio knows it before the first webhook)."""
        return self._add(sid, from_, to, "inbound", "in-progress")

    def leg(self, sid: str, parent: str, to: str) -> dict:
        """Record the call a <Dial><Number> placed for a caller (its status follows `set_status`)."""
        call = self._add(sid, self.calls[parent]["to"], to, "outbound-dial", "queued")
        call["parent_call_sid"] = parent
        return call

    def set_status(self, sid: str, status: str, duration: int | None = None) -> None:
        """Move a call on (the status Twilio also reports by callback, when the callback gets through)."""
        self.calls[sid]["status"] = status
        if duration is not None:
            self.calls[sid]["duration"] = str(duration)

    def create(self, form: dict[str, str]) -> dict:
        call = self._add(call_sid(), form.get("From", ""), form["To"], "outbound-api", "queued", form)
        call["status_callback_event"] = form.get("StatusCallbackEvent", "completed")
        call["timeout"] = int(form.get("Timeout", "60"))
        self.created.append(call)
        return call

    def update(self, sid: str, form: dict[str, str]) -> tuple[int, dict]:
        with self.lock:
            failure = self.update_failures.pop(0) if self.update_failures else None
        if failure:
            status, code, message = failure
            return status, {"code": code, "message": message, "status": status}
        call = self.calls.get(sid)
        if call is None:
            return 404, _not_found()
        if call["status"] in ENDED:
            return 400, {"code": 21220, "message": "Call is not in-progress. Cannot redirect.", "status": 400}
        self.updates.append((sid, dict(form)))
        if form.get("Status") in ("completed", "canceled"):
            self.end(sid, form["Status"])
        elif form.get("Twiml") or form.get("Url"):
            self._dequeue(sid)
            self.leave_room(sid)
            call["twiml"] = form.get("Twiml", "")
            call["url"] = form.get("Url")
            if call["parent_call_sid"]:  # the child leaves the bridge: the parent's <Dial> is over
                self.dial_ended.append(call["parent_call_sid"])
            room = self.conference(sid)
            if room is not None and call["status"] == "in-progress":
                self.join(sid, room)
        return 200, call

    def fetch(self, sid: str) -> tuple[int, dict]:
        self.fetched.append(sid)
        call = self.calls.get(sid)
        return (200, call) if call is not None else (404, _not_found())

    def end(self, sid: str, status: str = "completed") -> None:
        """The call ends (a hang-up): it leaves any queue and any conference room."""
        self._dequeue(sid, served=False)
        self.leave_room(sid)
        self.calls[sid]["status"] = status
        self.calls[sid]["end_time"] = formatdate(usegmt=True)

    def fail_next_update(self, status: int, code: int, message: str) -> None:
        with self.lock:
            self.update_failures.append((status, code, message))

    def conference(self, sid: str) -> str | None:
        """Return the room the call's last TwiML puts it in (<Dial><Conference>), if any."""
        dial = self.dial(sid)
        room = dial.find("Conference") if dial is not None else None
        return room.text if room is not None else None

    def join(self, sid: str, room: str) -> None:
        """The call entered a conference room (an answered call running <Dial><Conference>)."""
        with self.lock:
            if sid not in self.rooms.setdefault(room, []):
                self.rooms[room].append(sid)

    def leave_room(self, sid: str) -> None:
        with self.lock:
            for members in self.rooms.values():
                if sid in members:
                    members.remove(sid)

    def dial(self, sid: str) -> ET.Element | None:
        """Return the <Dial> of the TwiML the call was last given through the API, if it has one."""
        twiml = self.calls[sid].get("twiml") or ""
        return ET.fromstring(twiml).find("Dial") if twiml else None

    # -- queues ---------------------------------------------------------------------------------------
    def enqueue(self, sid: str, queue: str) -> None:
        """The call met <Enqueue>queue</Enqueue>: it joins the back of that queue."""
        with self.lock:
            self.queue_sids.setdefault(queue, "QU" + secrets.token_hex(16))
            self.queues.setdefault(queue, []).append(Waiting(sid, self.clock()))

    def queue_of(self, sid: str) -> str | None:
        for name, members in self.queues.items():
            if any(member.sid == sid for member in members):
                return name
        return None

    def wait_form(self, sid: str) -> dict[str, str]:
        """The fields Twilio adds when it requests an Enqueue's waitUrl for this caller."""
        name = self.queue_of(sid)
        assert name is not None, f"{sid} is not in a queue"
        members = self.queues[name]
        position = next(i for i, m in enumerate(members) if m.sid == sid) + 1
        waits = self.served_waits.get(name, [])
        return {
            "QueueSid": self.queue_sids[name],
            "QueuePosition": str(position),
            "QueueTime": str(int(self.clock() - members[position - 1].since)),
            "AvgQueueTime": str(int(sum(waits) / len(waits)) if waits else 0),
            "CurrentQueueSize": str(len(members)),
            "MaxQueueSize": "100",
        }

    def leave_form(self, sid: str, result: str) -> dict[str, str]:
        """The fields of the Enqueue action request: why the caller left (hangup, leave) and how long they waited."""
        name = self.queue_of(sid)
        waited = 0
        if name is not None:
            member = next(m for m in self.queues[name] if m.sid == sid)
            waited = int(self.clock() - member.since)
            self._dequeue(sid, served=False)
        return {"QueueResult": result, "QueueSid": self.queue_sids.get(name or "", ""), "QueueTime": str(waited)}

    def _dequeue(self, sid: str, served: bool = True) -> None:
        with self.lock:
            for name, members in self.queues.items():
                for member in list(members):
                    if member.sid == sid:
                        members.remove(member)
                        if served:
                            self.served_waits.setdefault(name, []).append(self.clock() - member.since)

    def _add(self, sid: str, from_: str, to: str, direction: str, status: str, form: dict | None = None) -> dict:
        form = form or {}
        call = {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": to,
            "from": from_,
            "status": status,
            "direction": direction,
            "api_version": "2010-04-01",
            "date_created": formatdate(usegmt=True),
            "start_time": formatdate(usegmt=True),
            "end_time": None,
            "duration": None,
            "parent_call_sid": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Calls/{sid}.json",
            "twiml": form.get("Twiml", ""),
            "url": form.get("Url"),
            "status_callback": form.get("StatusCallback"),
        }
        self.calls[sid] = call
        return call


def _not_found() -> dict:
    return {"code": 20404, "message": "The requested resource was not found", "status": 404}
