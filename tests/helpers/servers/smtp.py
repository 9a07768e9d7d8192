"""A real SMTP server (aiosmtpd) on a free loopback port that keeps what it receives, and can refuse recipients."""

from __future__ import annotations

import email
import ssl
import threading
import time
from dataclasses import dataclass, field
from email.message import Message

from aiosmtpd.controller import Controller

from tests.helpers.processes import free_port


@dataclass
class Received:
    """One mail as the server got it: the envelope and the parsed message."""

    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> Message:
        return email.message_from_bytes(self.raw)


@dataclass
class SmtpSink:
    """The handler: records accepted mail; answers RCPT for addresses in `refuse` with the given reply."""

    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Return the mail received once there are at least `count`; fail the test after `timeout`."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} mails, the SMTP server got {len(self.received)}")
                self.arrived.wait(left)
            return list(self.received)


class SmtpServer:
    """Start and stop the server; `sink` holds what arrived.

    With a server-side `tls` context it speaks STARTTLS (and insists on it), or TLS from the first byte
    when `implicit_tls` is set, as SMTP_SECURITY=starttls and =ssl expect.
    """

    def __init__(self, tls: ssl.SSLContext | None = None, implicit_tls: bool = False) -> None:
        self.sink = SmtpSink()
        self.host, self.port = "127.0.0.1", free_port()
        options: dict = {}
        if tls is not None and implicit_tls:
            options = {"ssl_context": tls}
        elif tls is not None:
            options = {"tls_context": tls, "require_starttls": True}
        self.controller = Controller(self.sink, hostname=self.host, port=self.port, **options)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
