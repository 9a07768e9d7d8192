"""The browser tests' Chromium (Debian's, driven by Playwright) and the app served where it can reach it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest
from werkzeug.serving import make_server

from tests.helpers.staff import PASSWORD

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


def playwright_or_skip() -> ModuleType:
    """Playwright's sync API; called at a module's top, it skips the module where Playwright or Chromium is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test-deps.sh)", allow_module_level=True)
    return sync_api


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, closed however the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def tab(browser: Any, width: int = 1280, height: int = 900, locale: str = "en-GB", **options: Any) -> Iterator[Any]:
    """A tab in a context of its own (its own cookies, so its own signed-in person), with a 20 s default wait."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale, **options)
    page = context.new_page()
    page.set_default_timeout(20_000)  # a loaded CI machine runs two suites of browsers at once
    try:
        yield page
    finally:
        context.close()


def sign_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in form, as a person would, and wait for the inbox."""
    page.goto(base_url + "/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/inbox")


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
