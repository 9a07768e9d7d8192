"""Retake the README's screenshots (docs/screenshot-*.png) in real Chromium against a throwaway install.

Run `make screenshots`. Tests never write into the repository; this command is the one
place that does, and only when asked. Cases arrive as signed Twilio webhooks through the
real worker, as in the browser tests; the dashboard then gets a year of synthetic history
(`bench.history`). The pages are shot at 1366×768 and, for the inbox, at 390 px as on a
phone. Install `fonts-noto-cjk` first so that Chinese renders.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlmodel import Session  # noqa: E402

from core.config import Settings  # noqa: E402
from core.redis_server import ensure_embedded, stop_embedded  # noqa: E402
from core.runtime import install  # noqa: E402
from router.identity.models import Citizen  # noqa: E402
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, served  # noqa: E402
from tests.helpers.cases import text_in  # noqa: E402
from tests.helpers.fakes import twilio_api  # noqa: E402
from tests.helpers.staff import PASSWORD, make_user  # noqa: E402
from tests.helpers.twilio import HOTLINE_NUMBER, TWILIO_SID, TWILIO_TOKEN  # noqa: E402
from wiring import bootstrap, migrate  # noqa: E402

DOCS = REPO / "docs"
HISTORY_CASES = 30_000  # a county line's year: the dashboard's tables and trend have something to show
CASES = (
    ("村口的路灯坏了三天了，晚上出行很不方便", "+8613800138000", None, None),
    ("小区停水两天了，物业也不管", "+8613900139001", "王秀英", "urgent"),
    ("The road to the school has a deep pothole", "+447700900123", "Tom Baker", None),
    ("路边的井盖丢了，很危险", "+8613700137002", None, "high"),
)


def _world(runtime, app) -> str:
    """Open the cases of the pictures and return the reference of the one the case page shows."""
    client = app.test_client()
    references = []
    for text, sender, name, priority in CASES:
        case = text_in(client, runtime, body=text, sender=sender)
        with Session(runtime.engine) as session:
            row = session.merge(case)
            row.priority = priority or row.priority
            if name:
                session.get(Citizen, row.citizen_id).name = name
            session.commit()
        references.append(case.reference)
    text_in(client, runtime, body="怎么还没人来修？", sender=CASES[0][1])
    return references[0]


def _shoot(url: str, reference: str, runtime) -> None:
    """The inbox and the case page over the few cases of `_world`, then the dashboard over a year of history."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page.goto(url + "/signin")
        page.fill("input[name=username]", "wang.supervisor")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/inbox")
        page.goto(url + "/inbox?folder=all")
        page.screenshot(path=str(DOCS / "screenshot-inbox.png"))
        page.goto(f"{url}/cases/{reference}")
        page.screenshot(path=str(DOCS / "screenshot-case.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(url + "/inbox?folder=all")
        page.screenshot(path=str(DOCS / "screenshot-inbox-phone.png"))
        page.set_viewport_size({"width": 1366, "height": 1400})  # the rates, trend, backlog and first table
        _history(runtime)
        page.goto(url + "/dashboard/")
        page.screenshot(path=str(DOCS / "screenshot-dashboard.png"))
        browser.close()


def _history(runtime) -> None:
    """A year of synthetic cases (bench.history), with the dashboard's figures brought up to date."""
    from bench.history import Plan, generate
    from feedback.metrics import rollup

    generate(runtime.engine, Plan(cases=HISTORY_CASES, agents=12))
    rollup.refresh(runtime.engine, runtime.settings.report_utc_offset_hours, full=True)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        redis_url = os.environ.get("SCREENSHOT_REDIS_URL") or ensure_embedded(data_dir / "redis")
        database_url = f"sqlite:///{data_dir / 'civicline.sqlite3'}"
        migrate.upgrade(database_url, data_dir)
        server, state = twilio_api.serve(TWILIO_SID, TWILIO_TOKEN)
        try:
            with server:
                state.url = server.url
                settings = Settings(
                    data_dir=data_dir / "instance", database_url=database_url, redis_url=redis_url,
                    public_url="http://127.0.0.1", secret_key="screenshots", api_token="screenshots",
                    twilio_account_sid=TWILIO_SID, twilio_auth_token=TWILIO_TOKEN,
                    twilio_from_number=HOTLINE_NUMBER, twilio_api_base_url=server.url,
                )  # fmt: skip
                runtime = install(bootstrap.build_runtime(settings))
                from app import create_app

                app = create_app(runtime=runtime)
                make_user(runtime, "wang.supervisor", role="supervisor", language="zh")
                reference = _world(runtime, app)
                with served(app) as url:
                    _shoot(url, reference, runtime)
        finally:
            if not os.environ.get("SCREENSHOT_REDIS_URL"):
                stop_embedded(data_dir / "redis")
    print(f"screenshots written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
