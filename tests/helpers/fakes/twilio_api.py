"""A local server that speaks Twilio's Messages API (2010-04-01), for the official client to talk to, and serves
and deletes call recordings (the Recordings resource) as Twilio does.

It checks HTTP basic auth like Twilio, answers with Twilio's JSON shapes
(201 with a message resource, or an error object), records every message,
and can be told to fail the next requests with a given status and code, or
to be slow: keep a message (it is "sent") but answer only seconds later. It
also lists messages (GET Messages.json, filtered by To, From and DateSent), and serves the Calls resource and
its queues (`tests.helpers.fakes.twilio_calls`).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from tests.helpers.fakes import twilio_calls
from tests.helpers.fakes.http import LocalServer

_MESSAGES = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json(?:\?.*)?$")
_RECORDING = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Recordings/(RE[0-9a-f]{32})(?:\.(wav|json))?$")


def _open_gate() -> threading.Event:
    gate = threading.Event()
    gate.set()
    return gate


@dataclass
class TwilioState:
    account_sid: str
    auth_token: str
    messages: list[dict] = field(default_factory=list)
    arrived_at: list[float] = field(default_factory=list)  # time.time() of each message, for bench/ingest.py
    failures: list[tuple[int, int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    gate: threading.Event = field(default_factory=_open_gate)
    answer_delay: float = 0.0  # seconds between keeping a message and answering for it (a slow provider)
    listed: int = 0  # how many times the Messages list was read
    recordings: dict[str, bytes] = field(default_factory=dict)  # RecordingSid → WAV bytes
    recording_requests: list[tuple[str, str]] = field(default_factory=list)  # (method, RecordingSid)
    calls: twilio_calls.CallsState = field(default_factory=twilio_calls.CallsState)

    def __post_init__(self) -> None:
        self.calls.account_sid = self.account_sid

    def add_recording(self, sid: str, data: bytes) -> None:
        """Keep a recording for GET (as WAV) and DELETE."""
        self.recordings[sid] = data

    def hold(self) -> None:
        """Keep message requests waiting (a provider that has stopped answering) until `release`."""
        self.gate.clear()

    def release(self) -> None:
        self.gate.set()

    def fail_next(self, status: int, code: int, message: str, times: int = 1) -> None:
        """Answer the next `times` message requests with this Twilio error."""
        with self.lock:
            self.failures.extend([(status, code, message)] * times)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict]:
        """Block until at least `count` messages arrived; return them all."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
            return list(self.messages)


def _handler(state: TwilioState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the official client gets from Twilio
        disable_nagle_algorithm = True  # headers and body go out as two writes; don't let the second wait for an ACK

        def log_message(self, *_args) -> None:
            pass

        def do_POST(self) -> None:
            match = _MESSAGES.match(self.path)
            length = int(self.headers.get("Content-Length", 0))
            # StatusCallbackEvent is repeated, one event a value; the rest are single values.
            form = {
                k: " ".join(v) if k == "StatusCallbackEvent" else v[0]
                for k, v in parse_qs(self.rfile.read(length).decode()).items()
            }
            if twilio_calls.CALLS.match(self.path) or twilio_calls.CALL.match(self.path):
                return self._calls("POST", form)
            if not match:
                return self._json(
                    404, {"code": 20404, "message": "The requested resource was not found", "status": 404}
                )
            if not self._authorised(match.group(1)):
                return self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
            state.gate.wait(60)
            with state.lock:
                failure = state.failures.pop(0) if state.failures else None
            if failure:
                status, code, message = failure
                return self._json(status, {"code": code, "message": message, "status": status})
            if not form.get("To") or not (form.get("From") or form.get("MessagingServiceSid")):
                return self._json(400, {"code": 21604, "message": "A 'To' phone number is required.", "status": 400})
            resource = {
                "sid": "SM" + secrets.token_hex(16),
                "account_sid": match.group(1),
                "to": form["To"],
                "from": form.get("From"),
                "messaging_service_sid": form.get("MessagingServiceSid"),
                "body": form.get("Body", ""),
                "status": "queued",
                "direction": "outbound-api",
                "num_segments": "1",
                "num_media": "0",
                "api_version": "2010-04-01",
                "date_created": formatdate(usegmt=True),
                "date_updated": formatdate(usegmt=True),
                "date_sent": formatdate(usegmt=True),  # handed to the carrier at once
                "price": None,
                "price_unit": "USD",
                "error_code": None,
                "error_message": None,
                "uri": f"/2010-04-01/Accounts/{match.group(1)}/Messages/SM.json",
                "status_callback": form.get("StatusCallback"),
            }
            with state.arrived:
                state.messages.append(resource)
                state.arrived_at.append(time.time())
                state.arrived.notify_all()
            time.sleep(state.answer_delay)  # the message is out; the answer is late
            self._json(201, resource)

        def do_GET(self) -> None:
            if twilio_calls.CALL.match(self.path):
                return self._calls("GET", {})
            if _RECORDING.match(self.path):
                return self._get_recording()
            match = _MESSAGES.match(self.path)
            if not match:
                return self._json(
                    404, {"code": 20404, "message": "The requested resource was not found", "status": 404}
                )
            if not self._authorised(match.group(1)):
                return self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
            query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            with state.lock:
                state.listed += 1
                found = [m for m in reversed(state.messages) if _matches(m, query)]  # newest first, as Twilio
            size = int(query.get("PageSize", 50))
            uri = urlsplit(self.path).path
            page = {"messages": found[:size], "page": 0, "page_size": size, "start": 0, "end": len(found[:size])}
            links = {"uri": uri, "first_page_uri": uri, "next_page_uri": None, "previous_page_uri": None}
            self._json(200, page | links)

        def _calls(self, method: str, form: dict[str, str]) -> None:
            one = twilio_calls.CALL.match(self.path)
            match = one or twilio_calls.CALLS.match(self.path)
            assert match is not None
            if not self._authorised(match.group(1)):
                return self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
            if one and method == "GET":
                return self._json(*state.calls.fetch(one.group(2)))
            if one:
                return self._json(*state.calls.update(one.group(2), form))
            if not form.get("To") or not (form.get("Url") or form.get("Twiml")):
                return self._json(400, {"code": 21205, "message": "Url or Twiml is required.", "status": 400})
            if not form.get("From"):
                return self._json(400, {"code": 21603, "message": "A 'From' phone number is required.", "status": 400})
            if not twilio_calls.E164.fullmatch(form["To"]):
                return self._json(
                    400, {"code": 21211, "message": f"Invalid 'To' Phone Number: {form['To']}", "status": 400}
                )
            return self._json(201, state.calls.create(form))

        def _get_recording(self) -> None:
            match = self._recording()
            if match is None:
                return
            data = state.recordings.get(match.group(2))
            if data is None:
                return self._json(
                    404, {"code": 20404, "message": "The requested resource was not found", "status": 404}
                )
            self.send_response(200)
            self.send_header("Content-Type", "audio/x-wav")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_DELETE(self) -> None:
            match = self._recording()
            if match is None:
                return
            if state.recordings.pop(match.group(2), None) is None:
                return self._json(
                    404, {"code": 20404, "message": "The requested resource was not found", "status": 404}
                )
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _recording(self) -> re.Match | None:
            match = _RECORDING.match(self.path)
            if not match:
                self._json(404, {"code": 20404, "message": "The requested resource was not found", "status": 404})
                return None
            if not self._authorised(match.group(1)):
                self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
                return None
            state.recording_requests.append((self.command, match.group(2)))
            return match

        def _authorised(self, account_sid: str) -> bool:
            header = self.headers.get("Authorization", "")
            if not header.startswith("Basic "):
                return False
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return user == account_sid == state.account_sid and password == state.auth_token

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _matches(message: dict, query: dict) -> bool:
    """Apply Twilio's list filters: To, From, and DateSent (a date or date-time; `>`/`<` for after/before)."""
    if query.get("To") and message["to"] != query["To"]:
        return False
    if query.get("From") and message["from"] != query["From"]:
        return False
    sent = parsedate_to_datetime(message["date_sent"]) if message["date_sent"] else None
    for key, keep in (("DateSent>", lambda s, t: s >= t), ("DateSent<", lambda s, t: s <= t)):
        if key in query and (sent is None or not keep(sent, _moment(query[key]))):
            return False
    return not ("DateSent" in query and (sent is None or sent.date() != _moment(query["DateSent"]).date()))


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def serve(account_sid: str, auth_token: str, host: str = "127.0.0.1", port: int = 0) -> tuple[LocalServer, TwilioState]:
    """Return a (not yet started) server on host:port and the state it records into."""
    state = TwilioState(account_sid, auth_token)
    return LocalServer(_handler(state), host, port), state
