"""The browser tests' Chromium (Debian's, driven by Playwright) and the app served where it can reach it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.serving import make_server

if TYPE_CHECKING:
    from core.runtime import Runtime
    from tests.helpers.fakes.twilio_api import TwilioState

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@contextmanager
def served(app) -> Iterator[str]:
    """Serve a Flask app on a free loopback port from a background thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@contextmanager
def installed_hotline(data_dir: Path, redis_url: str) -> Iterator[tuple[Runtime, TwilioState]]:
    """A migrated SQLite install in `data_dir` with a local Twilio API: the ground every browser test stands on."""
    from core.config import Settings
    from core.runtime import install
    from tests.helpers.fakes import twilio_api
    from tests.helpers.twilio import HOTLINE_NUMBER, TWILIO_SID, TWILIO_TOKEN
    from wiring import bootstrap, migrate

    database_url = f"sqlite:///{data_dir / 'civicline.sqlite3'}"
    migrate.upgrade(database_url, data_dir)
    server, state = twilio_api.serve(TWILIO_SID, TWILIO_TOKEN)
    with server:
        state.url = server.url
        settings = Settings(
            data_dir=data_dir / "instance", database_url=database_url, redis_url=redis_url,
            public_url="http://127.0.0.1", secret_key="browser-secret", api_token="browser-token",
            twilio_account_sid=TWILIO_SID, twilio_auth_token=TWILIO_TOKEN, twilio_from_number=HOTLINE_NUMBER,
            twilio_api_base_url=server.url,
        )  # fmt: skip
        yield install(bootstrap.build_runtime(settings)), state
