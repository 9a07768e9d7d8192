"""The import progress page in a real browser: the bar fills and the bad lines appear once a worker has run the job."""

from __future__ import annotations

import io
import re

import pytest

from tests.helpers import FIXTURES
from tests.helpers.browser import playwright_or_skip, served
from tests.helpers.staff import make_user, sign_in_with_cookie
from tests.helpers.worker import work

playwright_or_skip()


@pytest.fixture
def live_app(app):
    with served(app) as url:
        yield url


@pytest.mark.slow
def test_an_admin_follows_an_import_to_its_bad_lines_then_edits_an_article(
    app, client, runtime, live_app, page, tmp_path
):
    sign_in_with_cookie(client, make_user(runtime, "admin", role="admin"))
    form = client.get("/knowledge/admin/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    upload = (FIXTURES / "knowledge" / "articles_with_bad_rows.csv").read_bytes()
    response = client.post(
        "/knowledge/admin/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(upload), "articles.csv"), "csrf_token": token},
    )
    progress = response.headers["Location"]

    page.context.add_cookies([{"name": "session", "value": client.get_cookie("session").value, "url": live_app}])
    page.goto(live_app + progress)
    page.wait_for_selector("#state")
    assert page.locator("#report").is_hidden()  # nothing done before a worker takes the job

    work(runtime)

    page.wait_for_selector("#report:not([hidden])", timeout=10000)
    assert page.locator("#summary").inner_text() == "2 created, 0 updated, 7 with problems"
    lines = page.locator("#problems tr td:first-child").all_inner_texts()
    assert lines == ["3", "8", "9", "10", "11", "12", "13"]
    assert page.locator("#bar").get_attribute("value") == "9"
    page.screenshot(path=str(tmp_path / "import_progress.png"), full_page=True)
    page.goto(live_app + "/knowledge/admin/")
    assert page.locator("tr.article td:first-child").all_inner_texts() == ["Dog licence", "Fishing permit"]
    page.screenshot(path=str(tmp_path / "articles.png"), full_page=True)

    page.click("text=Dog licence")
    page.fill("#short_answer", "x" * 400)
    assert page.locator("#short-count").inner_text() == "400 / 306"  # the counter warns before saving
    page.click("button[type=submit]")
    assert "short answer has 400 characters; at most 306 fit in two SMS" in page.locator(".problems").inner_text()
    page.screenshot(path=str(tmp_path / "edit.png"), full_page=True)
