"""A notice in a real browser (Debian's Chromium through Playwright): a segment counted live, a notice written,
approved by a second supervisor, sent, and its report filling in while it sends."""

from __future__ import annotations

import pytest
import redis

from core.runtime import install
from tests.helpers.browser import installed_hotline, playwright_or_skip, served
from tests.helpers.outreach import citizen
from tests.helpers.staff import make_user
from tests.helpers.worker import work

pytestmark = pytest.mark.slow
sync_api = playwright_or_skip()


@pytest.fixture
def hotline(tmp_path_factory, redis_url):
    """A migrated SQLite install with three villagers, two supervisors, a local Twilio API, served on a free port."""
    redis.Redis.from_url(redis_url).flushdb()
    with installed_hotline(tmp_path_factory.mktemp("browser"), redis_url) as (runtime, state):
        from app import create_app

        runtime.settings = runtime.settings.with_overrides(outreach_sms_per_second=200.0, outreach_quiet_hours="")
        make_user(runtime, "author", role="supervisor", language="en")
        make_user(runtime, "approver", role="supervisor", language="zh")
        citizen(runtime, "tel:+8613800000301", name="李明", township="城关镇")
        citizen(runtime, "tel:+8613800000302", name="王芳", township="城关镇")
        citizen(runtime, "tel:+8613800000303", township="河西乡")
        with served(create_app(runtime=runtime)) as url:
            yield {"runtime": runtime, "url": url, "twilio": state}
    redis.Redis.from_url(redis_url).flushdb()


def test_a_notice_is_built_approved_by_another_supervisor_and_sent(hotline, signed_in):
    author = signed_in(hotline["url"], "author")
    author.goto(hotline["url"] + "/outreach/segments/new")
    author.fill("input[name=name]", "城关镇居民")
    author.fill("input[name=township]", "城关镇")
    sync_api.expect(author.locator(".count-citizens")).to_have_text("2")
    author.click("text=Save segment")
    author.goto(hotline["url"] + "/outreach/campaigns/new")
    author.fill("input[name=title]", "停水通知")
    author.fill("textarea[name=text_zh]", "{name}您好：{township}周五停水。" * 4)
    sync_api.expect(author.locator('.sms-parts[data-for="zh"]')).to_have_text("SMS: 2")
    cost = author.locator(".sms-cost")  # 2 segments × 2 reachable SMS recipients × 0.05
    sync_api.expect(cost.locator(".cost-recipients")).to_have_text("2")
    sync_api.expect(cost.locator(".cost-segments")).to_have_text("2")
    sync_api.expect(cost.locator(".cost-total")).to_have_text("0.20")
    author.click("text=Save notice")
    assert "takes 2 segments" in author.content()  # refused: too long for one SMS
    author.fill("textarea[name=text_zh]", "{name}您好：{township}周五停水。")
    author.click("text=Save notice")
    author.wait_for_selector("text=Another supervisor must approve this notice.")
    notice_url = author.url

    approver = signed_in(hotline["url"], "approver", locale="zh-CN")
    approver.goto(notice_url)
    approver.click("form.action-approve button")
    sync_api.expect(approver.locator(".approved-by")).to_have_text("approver")
    approver.click("form.action-start button")
    sync_api.expect(approver.locator(".campaign-status")).to_have_text("发送中")
    install(hotline["runtime"])
    work(hotline["runtime"])
    row = approver.locator('tr[data-channel="sms"]')
    sync_api.expect(row.locator(".sent")).to_have_text("2")  # the report fills in without a reload
    bodies = sorted(m["body"] for m in hotline["twilio"].wait_for(2))
    assert bodies == ["李明您好：城关镇周五停水。 回复TD退订", "王芳您好：城关镇周五停水。 回复TD退订"]
