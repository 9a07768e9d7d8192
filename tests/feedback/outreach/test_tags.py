"""Citizens' tags on the citizen page: supervisors add and remove them (audited, formula-safe), and segments
by tag count the citizens so tagged — no database access needed."""

from __future__ import annotations

import re

from tests.helpers.outreach import citizen
from tests.helpers.staff import csrf_token, make_user, sign_in_with_cookie


def _section(page: str) -> str:
    return re.search(r'<section class="citizen-tags">.*?</section>', page, re.S).group(0)


def test_a_supervisor_tags_a_citizen_and_a_segment_by_that_tag_counts_them(client, runtime):
    person = citizen(runtime, "tel:+8613900000001", township="城关镇")
    citizen(runtime, "tel:+8613900000002", township="城关镇")
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    page_url = f"/citizens/{person}"
    assert client.get("/outreach/segments/preview?tags=果农").get_json()["citizens"] == 0
    answer = client.post(f"{page_url}/tags", data={"tag": "  果农 ", "csrf_token": csrf_token(client, page_url)})
    assert answer.status_code == 303
    page = client.get(page_url).get_data(as_text=True)
    assert '<li data-tag="果农">' in _section(page) and "Tag added." in page
    assert client.get("/outreach/segments/preview?tags=果农").get_json()["citizens"] == 1
    client.post(f"{page_url}/tags/remove", data={"tag": "果农", "csrf_token": csrf_token(client, page_url)})
    section = _section(client.get(page_url).get_data(as_text=True))
    assert 'data-tag="果农"' not in section
    history = re.findall(r"<td>果农</td>\s*<td>(\w+)</td><td>(\w+)</td>", section)
    assert history == [("Removed", "lead"), ("Added", "lead")]
    assert client.get("/outreach/segments/preview?tags=果农").get_json()["citizens"] == 0


def test_a_tag_that_a_spreadsheet_would_run_is_refused(client, runtime):
    person = citizen(runtime, "tel:+8613900000001")
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    page_url = f"/citizens/{person}"
    client.post(f"{page_url}/tags", data={"tag": "=HYPERLINK(1)", "csrf_token": csrf_token(client, page_url)})
    page = client.get(page_url).get_data(as_text=True)
    assert "a tag cannot begin with = + - or @" in page
    assert "No tags." in _section(page) and "HYPERLINK" not in _section(page)


def test_an_agent_cannot_tag_citizens(client, runtime):
    person = citizen(runtime, "tel:+8613900000001")
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    token = csrf_token(client, f"/citizens/{person}")
    sign_in_with_cookie(client, make_user(runtime, "agent1", role="agent"))
    assert client.post(f"/citizens/{person}/tags", data={"tag": "果农", "csrf_token": token}).status_code == 404
