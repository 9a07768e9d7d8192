"""A local server that speaks Twilio's Messages API (2010-04-01), for the official client to talk to.

It checks HTTP basic auth like Twilio, answers with Twilio's JSON shapes
(201 with a message resource, or an error object), records every message,
and can be told to fail the next requests with a given status and code.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from tests.helpers.fakes.http import LocalServer

_MESSAGES = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json$")


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
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
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
                "date_sent": None,
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
            self._json(201, resource)

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


def serve(account_sid: str, auth_token: str, host: str = "127.0.0.1", port: int = 0) -> tuple[LocalServer, TwilioState]:
    """Return a (not yet started) server on host:port and the state it records into."""
    state = TwilioState(account_sid, auth_token)
    return LocalServer(_handler(state), host, port), state
