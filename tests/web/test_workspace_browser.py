"""The agents' workspace in real Chromium: pages that follow the case live, unread markers, the notification badge.

Cases arrive as signed Twilio webhooks through the real rq worker; the page hears of them through the
real Redis pub/sub and its Server-Sent Events stream, with no reload.
"""

from __future__ import annotations

import re

import pytest
import redis

from core.runtime import install
from tests.helpers.browser import installed_hotline, playwright_or_skip, served, sign_in
from tests.helpers.cases import text_in
from tests.helpers.staff import PASSWORD, assign_by_hand, make_user

URBAN = "urban_rural_construction"
pytestmark = pytest.mark.slow
VIEWPORT = (1366, 768)
sync_api = playwright_or_skip()


@pytest.fixture(scope="module")
def hotline(tmp_path_factory, redis_url):
    """A migrated SQLite install, a local Twilio API and the app served on a free port; polling slowed right down."""
    redis.Redis.from_url(redis_url).flushdb()
    with installed_hotline(tmp_path_factory.mktemp("workspace"), redis_url) as (runtime, _twilio):
        from app import create_app

        app = create_app(runtime=runtime)
        app.config["LIVE_POLL_MS"] = 600_000  # what changes on screen must come through the live stream
        make_user(runtime, "li.agent", departments=(URBAN,), language="en")
        assign_by_hand(runtime)
        with served(app) as url:
            yield {"runtime": runtime, "app": app, "url": url}
    redis.Redis.from_url(redis_url).flushdb()


def _text(hotline, body: str, sender: str = "+8613800138000"):
    install(hotline["runtime"])
    return text_in(hotline["app"].test_client(), hotline["runtime"], body=body, sender=sender)


def _live(page) -> None:
    page.locator("body[data-live-state=open]").wait_for(state="attached")


def test_a_message_arriving_while_the_agent_reads_appears_and_leaves_the_draft_alone(page, hotline):
    case = _text(hotline, "村口的路灯坏了三天了")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    page.click(".toolbar form[action$='/claim'] button")
    _live(page)
    page.fill("#reply-text", "您好，我们已安排")
    _text(hotline, "补充：路灯在村委会门口，晚上完全看不见")
    page.locator(".msg-in .text", has_text="村委会门口").wait_for()
    assert page.input_value("#reply-text") == "您好，我们已安排"
    assert page.locator(".msg-in").count() == 2


def test_the_inbox_marks_a_followed_up_case_unread_and_counts_it_in_the_title_and_the_menu(page, hotline):
    case = _text(hotline, "路边的井盖丢了", sender="+8613800138009")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    page.click(".toolbar form[action$='/claim'] button")
    page.goto(f"{hotline['url']}/inbox?folder=mine")
    _live(page)
    row = page.locator(f"tr[data-reference='{case.reference}']")
    assert "unread" not in (row.get_attribute("class") or "")
    before = int(page.locator(".notice-count").inner_text())
    _text(hotline, "怎么还没人来修？", sender="+8613800138009")
    page.locator(f"tr.unread[data-reference='{case.reference}']").wait_for()
    sync_api.expect(page).to_have_title(re.compile(r"^\(1\) "))
    sync_api.expect(page.locator(".notice-count")).to_have_text(str(before + 1))
    assert page.locator(f"tr[data-reference='{case.reference}'] .badge.urged").inner_text() == "urged 1×"
    page.locator(f"tr[data-reference='{case.reference}'] a").click()
    page.goto(f"{hotline['url']}/inbox?folder=mine")
    assert "unread" not in (page.locator(f"tr[data-reference='{case.reference}']").get_attribute("class") or "")
    assert not page.title().startswith("(")


def test_the_composer_is_in_view_without_scrolling_even_under_a_long_conversation(page, hotline):
    case = _text(hotline, "小区路灯不亮", sender="+8613800138011")
    for n in range(12):
        _text(hotline, f"第{n}次补充：还是不亮，晚上很黑", sender="+8613800138011")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    box = page.locator("#reply-text").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 768


def test_a_canned_reply_goes_in_at_the_cursor_filled_in_for_the_case_and_keeps_the_draft(page, hotline):
    from feedback.cases import canned

    with hotline["runtime"].session() as session:
        canned.save(session, "Reference", "en", "Your case {reference} is with {department}.")
    case = _text(hotline, "村口的路灯坏了三天了", sender="+8613800138012")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    page.fill("#reply-text", "Hello. Thank you.")
    page.locator("#reply-text").evaluate("box => box.setSelectionRange(6, 6)")  # after "Hello."
    page.select_option("#canned", label="[en] Reference")
    expected = f"Hello. Your case {case.reference} is with Urban and Rural Construction. Thank you."
    assert page.input_value("#reply-text").startswith(expected[:40])
    assert "{reference}" not in page.input_value("#reply-text")
    assert page.input_value("#reply-text").endswith(" Thank you.")


def test_the_sms_counter_tells_gsm_from_ucs2_and_counts_the_messages(page, hotline):
    case = _text(hotline, "路边的井盖丢了", sender="+8613800138013")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    counter = page.locator("#sms-counter")
    page.fill("#reply-text", "a" * 160)
    assert counter.get_attribute("data-encoding") == "GSM-7" and counter.get_attribute("data-parts") == "1"
    page.fill("#reply-text", "a" * 161)
    assert counter.get_attribute("data-parts") == "2"
    page.fill("#reply-text", "修" * 70)
    assert counter.get_attribute("data-encoding") == "UCS-2" and counter.get_attribute("data-parts") == "1"
    page.fill("#reply-text", "修" * 71)
    assert counter.inner_text() == "71 characters · 2 SMS (UCS-2, Chinese or symbols)"


def test_the_composer_switches_to_an_internal_note_that_is_never_sent(page, hotline):
    case = _text(hotline, "村口的路灯又坏了", sender="+8613800138014")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    page.click("#composer .mode[data-mode=note]")
    assert page.locator("#composer button[name=send]").is_hidden()
    page.fill("#reply-text", "已电话联系环保站")
    page.click("#composer .for-note")
    page.locator(".event-note", has_text="已电话联系环保站").wait_for()
    assert page.locator(".msg-out", has_text="已电话联系环保站").count() == 0


def test_the_keyboard_moves_through_the_list_opens_a_case_and_writes_a_reply_or_a_note(page, hotline):
    _text(hotline, "路边的井盖丢了", sender="+8613800138021")
    _text(hotline, "村口的路灯坏了三天了", sender="+8613800138022")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/inbox?folder=unassigned")
    page.locator("body").press("j")
    cursor = page.locator("#inbox tr.cursor")
    assert cursor.count() == 1 and cursor.get_attribute("aria-current") == "true"
    first = cursor.get_attribute("data-reference")
    page.keyboard.press("j")
    second = cursor.get_attribute("data-reference")
    assert second != first
    page.keyboard.press("k")
    page.keyboard.press("j")
    assert page.locator("#inbox tr.cursor").get_attribute("data-reference") == second
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.type") == "search"
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("?")
    assert page.locator("#shortcuts-help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#shortcuts-help").is_visible()
    page.keyboard.press("o")
    page.wait_for_url(f"**/cases/{second}")
    page.keyboard.press("n")
    assert page.get_attribute("#composer", "data-mode") == "note"
    assert page.evaluate("document.activeElement.id") == "reply-text"
    page.keyboard.type("n is typed into the box, not taken as a shortcut")
    assert page.input_value("#reply-text").startswith("n is typed")
    page.locator("h1").click()
    page.keyboard.press("r")
    assert page.get_attribute("#composer", "data-mode") == "reply"


def test_ticking_cases_and_taking_them_in_bulk(page, hotline):
    one = _text(hotline, "路边的井盖又丢了", sender="+8613800138031")
    two = _text(hotline, "村口的路灯还是坏的", sender="+8613800138032")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/inbox?folder=unassigned")
    assert not page.locator("#bulk").is_visible()
    for case in (one, two):
        page.check(f"tr[data-reference='{case.reference}'] input[name=case]")
    assert page.locator("#bulk .bulk-count").inner_text() == "2 selected"
    page.select_option("#bulk select[name=action]", "claim")
    page.click("#bulk button[type=submit]")
    page.locator(".flash.ok", has_text="2 cases done.").wait_for()
    page.goto(f"{hotline['url']}/inbox?folder=mine")
    for case in (one, two):
        assert page.locator(f"tr[data-reference='{case.reference}'] .assignee").inner_text() == "li.agent"


def test_at_390_px_the_inbox_is_cards_the_menu_wraps_by_word_and_the_case_page_fits(browser, hotline):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        case = _text(hotline, "村口的路灯坏了三天了", sender="+8613800138041")
        sign_in(page, hotline["url"], "li.agent")
        page.goto(f"{hotline['url']}/inbox?folder=unassigned")
        row = page.locator(f"tr[data-reference='{case.reference}']")
        assert page.locator(".case-list thead").is_hidden()
        card = row.bounding_box()
        assert card is not None and card["width"] <= 390 and card["height"] > 150  # a card, fields one per line
        menu_link = page.locator(".topbar nav a").first.bounding_box()
        assert menu_link is not None and menu_link["height"] < 40  # "Inbox" on one line, not a letter a line
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.goto(f"{hotline['url']}/cases/{case.reference}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator("#reply-text").bounding_box()
        assert box is not None and box["width"] > 300 and box["y"] + box["height"] <= 844
    finally:
        context.close()


def test_the_knowledge_admins_language_filter_applies_on_choosing_under_the_pages_csp(page, hotline):
    make_user(hotline["runtime"], "kb.admin", role="admin", language="en")
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(hotline["url"] + "/signin")
    page.fill("input[name=username]", "kb.admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/inbox")
    page.goto(hotline["url"] + "/knowledge/admin/")
    page.select_option("select[name=language]", "en")
    page.wait_for_url("**language=en**")
    assert not [e for e in errors if "Content Security Policy" in e]


def test_a_supervisors_menu_keeps_daily_work_in_view_and_groups_the_rest(page, hotline):
    make_user(hotline["runtime"], "zhou.admin", role="admin", language="en")
    sign_in(page, hotline["url"], "zhou.admin")
    nav = page.locator("header nav")
    assert nav.bounding_box()["height"] < 60  # one line at 1366 px, not three
    assert page.get_by_role("link", name="Call-backs").is_visible()
    hot_spots = page.get_by_role("link", name="Hot spots")
    assert not hot_spots.is_visible()

    nav.locator("summary", has_text="What citizens report").click()
    assert hot_spots.is_visible()
    nav.locator("summary", has_text="Settings").click()  # one group open at a time
    sync_api.expect(hot_spots).to_be_hidden()
    sync_api.expect(page.get_by_role("link", name="Routing")).to_be_visible()
    page.keyboard.press("Escape")
    sync_api.expect(page.get_by_role("link", name="Routing")).to_be_hidden()

    nav.locator("summary", has_text="What citizens report").click()
    hot_spots.click()
    page.wait_for_url("**/hotspots**")
    assert page.locator("details.menu.current summary").inner_text().startswith("What citizens report")
