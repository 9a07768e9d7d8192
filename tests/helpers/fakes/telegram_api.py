"""A local server that speaks the Telegram Bot API, for aiogram to talk to through its API server setting.

It serves `/bot<token>/<method>` (sendMessage, getFile, getUpdates,
answerCallbackQuery, setWebhook, deleteWebhook) and file downloads at
`/file/bot<token>/<path>`, answers with the Bot API's JSON envelope
(`{"ok": true, "result": …}` or `{"ok": false, "error_code": …, "description": …}`),
records every call, and can refuse like Telegram does: a user who blocked the
bot (403), flood control (429 with `retry_after`), a wrong token (401).
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from tests.helpers.fakes.http import LocalServer

_METHOD = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
_FILE = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "CivicLine", "username": "CivicLineBot"}


@dataclass
class TelegramState:
    token: str
    calls: list[tuple[str, dict]] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    failures: list[tuple[int, str, dict | None]] = field(default_factory=list)
    announce_file_sizes: bool = True
    files_down: bool = False  # getFile answers 502, as during a Bot API outage
    downloads: int = 0
    arrived: threading.Condition = field(default_factory=threading.Condition)
    sent_at: list[float] = field(default_factory=list)  # when each sendMessage arrived (time.time()), for benches

    def sent(self) -> list[dict]:
        """Return the parameters of every sendMessage call, in order."""
        return [params for method, params in self.calls if method == "sendMessage"]

    def calls_to(self, method: str) -> list[dict]:
        return [params for name, params in self.calls if name == method]

    def fail_next(self, status: int, description: str, parameters: dict | None = None, times: int = 1) -> None:
        """Answer the next `times` sendMessage calls with this Bot API error."""
        self.failures.extend([(status, description, parameters)] * times)

    def add_file(self, file_id: str, file_path: str, content: bytes) -> None:
        self.files[file_id] = (file_path, content)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict]:
        """Block until at least `count` messages were sent; return them all."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.sent()) >= count, timeout=timeout)
            return self.sent()


def _form(handler: BaseHTTPRequestHandler) -> dict:
    """Read the method's parameters as aiogram posts them: url-encoded or multipart, JSON values as strings."""
    body = handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
    kind = handler.headers.get("Content-Type", "")
    if kind.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {kind}\r\n\r\n".encode() + body)
        raw = {
            part.get_param("name", header="content-disposition"): part.get_content() for part in message.iter_parts()
        }
    elif kind.startswith("application/json"):
        raw = json.loads(body or b"{}")
    else:
        raw = {key: values[0] for key, values in parse_qs(body.decode()).items()}
    return {key: _decode(value) for key, value in raw.items()}


def _decode(value: object) -> object:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


def _handler(state: TelegramState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args) -> None:
            pass

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            match = _FILE.match(path)
            if match is None or match["token"] != state.token:
                return self._error(404, "Not Found")
            found = next((content for p, content in state.files.values() if p == match["path"]), None)
            if found is None:
                return self._error(404, "Not Found")
            state.downloads += 1
            self._send(200, found, "application/octet-stream")

        def do_POST(self) -> None:
            match = _METHOD.match(urlsplit(self.path).path)
            params = _form(self)
            if match is None:
                return self._error(404, "Not Found")
            if match["token"] != state.token:
                return self._error(401, "Unauthorized")
            method = match["method"]
            answer = getattr(self, f"_{method}", None)
            if answer is None:
                return self._error(404, "Not Found: method not found")
            answer(params)

        def _sendMessage(self, params: dict) -> None:
            failure = state.failures.pop(0) if state.failures else None
            if failure:
                return self._error(*failure)
            if params.get("chat_id") in state.blocked:
                return self._error(403, "Forbidden: bot was blocked by the user")
            text = str(params.get("text", ""))
            if not text or len(text) > 4096:
                return self._error(400, "Bad Request: message text is empty" if not text else "message is too long")
            with state.arrived:
                state.calls.append(("sendMessage", params))
                state.sent_at.append(time.time())
                message_id = len(state.sent()) + 100
                state.arrived.notify_all()
            chat = {"id": params["chat_id"], "type": "private"}
            self._ok({"message_id": message_id, "from": BOT_USER, "chat": chat, "date": int(time.time()), "text": text})

        def _getFile(self, params: dict) -> None:
            state.calls.append(("getFile", params))
            if state.files_down:
                return self._error(502, "Bad Gateway")
            stored = state.files.get(str(params.get("file_id")))
            if stored is None:
                return self._error(400, "Bad Request: invalid file_id")
            file_path, content = stored
            result = {"file_id": params["file_id"], "file_unique_id": "U" + str(params["file_id"])[-8:]}
            if state.announce_file_sizes:
                result["file_size"] = len(content)
            self._ok({**result, "file_path": file_path})

        def _getUpdates(self, params: dict) -> None:
            state.calls.append(("getUpdates", params))
            offset = int(params.get("offset") or 0)
            if offset:  # asking from an offset confirms every update before it
                state.updates[:] = [u for u in state.updates if u["update_id"] >= offset]
            self._ok(state.updates[: int(params.get("limit") or 100)])

        def _record_true(self, method: str, params: dict) -> None:
            state.calls.append((method, params))
            self._ok(True)

        def _answerCallbackQuery(self, params: dict) -> None:
            self._record_true("answerCallbackQuery", params)

        def _setWebhook(self, params: dict) -> None:
            self._record_true("setWebhook", params)

        def _deleteWebhook(self, params: dict) -> None:
            self._record_true("deleteWebhook", params)

        def _ok(self, result: object) -> None:
            self._send(200, json.dumps({"ok": True, "result": result}).encode(), "application/json")

        def _error(self, status: int, description: str, parameters: dict | None = None) -> None:
            body = {"ok": False, "error_code": status, "description": description}
            if parameters:
                body["parameters"] = parameters
            self._send(status, json.dumps(body).encode(), "application/json")

        def _send(self, status: int, data: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def serve(token: str, host: str = "127.0.0.1", port: int = 0) -> tuple[LocalServer, TelegramState]:
    """Return a (not yet started) server on host:port and the state it records into."""
    state = TelegramState(token)
    return LocalServer(_handler(state), host, port), state
