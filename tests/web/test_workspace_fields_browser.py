"""In real Chromium: search through every folder, split a message off and merge cases, and the walk-in's reference.

Cases arrive as signed Twilio webhooks through the real worker (or are opened as the inbound steps do).
"""

from __future__ import annotations

import pytest
import redis
from sqlmodel import Session, select

from core.runtime import install
from feedback.cases.models import Case
from tests.helpers.browser import installed_hotline, playwright_or_skip, served, sign_in
from tests.helpers.cases import quick_case, text_in
from tests.helpers.staff import assign_by_hand, make_user
from tests.helpers.worker import work

URBAN = "urban_rural_construction"
pytestmark = pytest.mark.slow
VIEWPORT = (1366, 768)
sync_api = playwright_or_skip()


@pytest.fixture(scope="module")
def hotline(tmp_path_factory, redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    with installed_hotline(tmp_path_factory.mktemp("fields"), redis_url) as (runtime, _twilio):
        from app import create_app

        app = create_app(runtime=runtime)
        make_user(runtime, "li.agent", departments=(URBAN,), language="en")
        assign_by_hand(runtime)
        with served(app) as url:
            yield {"runtime": runtime, "app": app, "url": url}
    redis.Redis.from_url(redis_url).flushdb()


def _text(hotline, body: str, sender: str):
    install(hotline["runtime"])
    return text_in(hotline["app"].test_client(), hotline["runtime"], body=body, sender=sender)


def _urban(hotline, text: str, urn: str) -> Case:
    runtime = hotline["runtime"]
    install(runtime)
    case_id = quick_case(runtime, text, urn=urn)
    from tests.helpers.staff import department_id

    urban = department_id(runtime, URBAN)
    with Session(runtime.engine) as session:
        case = session.get(Case, case_id)
        case.department_id = urban
        session.add(case)
        session.commit()
        session.refresh(case)
        return case


def test_the_search_box_finds_the_agents_own_case_from_the_unassigned_folder_and_says_where_it_is(page, hotline):
    case = _text(hotline, "幸福小区的电梯困人了", sender="+8613800138101")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    page.click(".toolbar form[action$='/claim'] button")
    page.goto(f"{hotline['url']}/inbox?folder=unassigned")
    assert page.locator(f"tr[data-reference='{case.reference}']").count() == 0
    page.fill("input[type=search]", "电梯")
    page.press("input[type=search]", "Enter")
    row = page.locator(f"tr[data-reference='{case.reference}']")
    row.wait_for()
    assert row.locator(".folder-of").inner_text() == "Mine"
    assert "every folder" in page.locator("section.cases h1").inner_text()
    page.fill("input[type=search]", "13800138101")
    page.press("input[type=search]", "Enter")
    page.locator(f"tr[data-reference='{case.reference}']").wait_for()


def test_an_agent_splits_a_second_matter_off_and_merges_two_cases_of_one_citizen(page, hotline):
    case = _text(hotline, "村口的路灯坏了", sender="+8613800138102")
    _text(hotline, "另外，学校门口的井盖丢了", sender="+8613800138102")
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/cases/{case.reference}")
    message = page.locator(".msg-in", has_text="井盖")
    message.locator("form.split button").click()
    flash = page.locator("p.flash", has_text="The message is now case")
    flash.wait_for()
    new_reference = flash.inner_text().split("case ")[-1].rstrip(".").strip()
    assert page.locator(".msg-in", has_text="井盖").count() == 0
    page.locator(".event-split_out a", has_text=new_reference).click()
    page.wait_for_url(f"**/cases/{new_reference}")
    assert page.locator(".msg-in .text").inner_text() == "另外，学校门口的井盖丢了"

    kept = _urban(hotline, "小区停水两天了", "tel:+8613800138103")
    other = _urban(hotline, "还是没有水", "tel:+8613800138103")
    page.goto(f"{hotline['url']}/cases/{kept.reference}")
    page.click("#tool-merge summary")
    page.fill("#tool-merge input[name=other]", other.reference)
    page.click("#tool-merge button[type=submit]")
    page.locator(".msg-in .text", has_text="还是没有水").wait_for()
    assert page.locator(".event-merged_in").count() == 1
    page.goto(f"{hotline['url']}/cases/{other.reference}")
    assert "Merged into case" in page.locator(".event-merged_into").inner_text()


def test_the_walk_in_form_gives_the_reference_to_read_back_with_a_link_to_the_case(page, hotline):
    sign_in(page, hotline["url"], "li.agent")
    page.goto(f"{hotline['url']}/intake")
    page.check("input[name=channel][value=in_person]")
    page.fill("input[name=phone]", "13800138104")
    page.fill("input[name=name]", "赵六")
    page.fill("textarea[name=text]", "小区门口的路灯不亮")
    page.fill("input[name=address]", "城关镇幸福小区东门")
    page.select_option("select[name=kind]", "report")
    page.click("form button[type=submit]")
    page.wait_for_url("**/intake/recorded/*")
    install(hotline["runtime"])
    work(hotline["runtime"])  # the worker opens the case; the page looks again by itself
    link = page.locator("a.reference")
    link.wait_for()
    reference = link.inner_text()
    with Session(hotline["runtime"].engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
    assert (case.kind, case.address) == ("report", "城关镇幸福小区东门")
    link.click()
    page.wait_for_url(f"**/cases/{reference}")
    assert page.locator("dd.address").inner_text() == "城关镇幸福小区东门"
