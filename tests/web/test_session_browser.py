"""In a real browser: an inbox left open shows the sign-in page by itself once the session is ended elsewhere."""

from __future__ import annotations

import pytest
import redis

from core.config import Settings
from core.runtime import install
from tests.helpers.browser import playwright_or_skip, served, sign_in
from tests.helpers.staff import csrf_token, make_user, sign_in_with_form
from wiring import bootstrap, migrate

pytestmark = pytest.mark.slow
playwright_or_skip()


@pytest.fixture
def hotline(tmp_path, redis_url):
    """A migrated SQLite install served on a free port, with one agent."""
    redis.Redis.from_url(redis_url).flushdb()
    database_url = f"sqlite:///{tmp_path / 'civicline.sqlite3'}"
    migrate.upgrade(database_url, tmp_path)
    settings = Settings(
        data_dir=tmp_path / "instance",
        database_url=database_url,
        redis_url=redis_url,
        public_url="http://127.0.0.1",
        secret_key="browser-secret",
        api_token="browser-token",
    )
    runtime = install(bootstrap.build_runtime(settings))
    from app import create_app

    app = create_app(runtime=runtime)
    app.config["INBOX_POLL_MS"] = 300
    make_user(runtime, "li.agent", language="en")
    with served(app) as url:
        yield {"app": app, "url": url}
    redis.Redis.from_url(redis_url).flushdb()


def test_an_open_inbox_goes_to_the_sign_in_page_when_the_user_signs_out_on_another_computer(hotline, page):
    sign_in(page, hotline["url"], "li.agent")
    elsewhere = hotline["app"].test_client()
    assert sign_in_with_form(elsewhere, "li.agent").status_code == 302
    elsewhere.post("/signout", data={"csrf_token": csrf_token(elsewhere, "/inbox")})
    page.wait_for_url("**/signin**")  # no click: the inbox's own poll noticed
    assert page.locator("input[name=password]").is_visible()
