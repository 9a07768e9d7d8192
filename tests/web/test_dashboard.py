"""The supervisors' dashboard: the figures on the page, drill-down, CSV, and who may see it."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from feedback.metrics import rollup
from tests.helpers.metrics import NOW, in_progress_case, segment_world, world
from tests.helpers.staff import make_user, sign_in_with_cookie


def _sign_in(client, runtime, role: str) -> None:
    sign_in_with_cookie(client, make_user(runtime, f"{role}1", role=role, language="zh"))


def _supervisor_over(client, runtime, build_world) -> None:
    """Write a world of cases, bring the figures up to date, and sign the client in as a supervisor."""
    with Session(runtime.engine, expire_on_commit=False) as session:
        build_world(session)
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    _sign_in(client, runtime, "supervisor")


def test_a_supervisor_sees_the_three_rates_with_their_definitions(client, runtime):
    _supervisor_over(client, runtime, world)
    page = client.get("/dashboard/").get_data(as_text=True)
    for words in ("响应率", "解决率", "满意率", "75.0%", "<svg", "指标说明"):
        assert words in page


def test_agents_and_strangers_cannot_see_the_dashboard(client, runtime):
    stranger = client.get("/dashboard/")
    assert stranger.status_code == 302 and "/signin" in stranger.headers["Location"]
    _sign_in(client, runtime, "agent")
    assert client.get("/dashboard/").status_code == 403


def test_a_table_exports_as_csv_that_excel_reads_in_chinese(client, runtime):
    _supervisor_over(client, runtime, world)
    response = client.get("/dashboard/department.csv")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeffdepartment,cases")
    assert "城乡建设,3," in text


def test_the_drill_down_page_escapes_what_citizens_wrote(client, runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        world(session)
    _sign_in(client, runtime, "supervisor")
    page = client.get("/dashboard/cases?figure=resolution_late").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_bad_filters_get_a_clear_answer(client, runtime):
    _sign_in(client, runtime, "supervisor")
    for query, words in (
        ("start=2026-13-01", "YYYY-MM-DD"),
        ("start=2026-05-01&end=2026-04-01", "起始日期晚于结束日期"),
        ("department=roads", "未知的department"),
        ("figure=everything", "unknown figure"),
    ):
        path = "/dashboard/cases?" if "figure" in query else "/dashboard/?"
        response = client.get(path + query)
        assert response.status_code == 400 and words in response.get_data(as_text=True)


def test_a_supervisor_reads_the_tables_by_county_and_age_group_in_chinese(client, runtime):
    _supervisor_over(client, runtime, segment_world)
    page = client.get("/dashboard/").get_data(as_text=True)
    for words in ("按县（区）", "东湖县", "按年龄段", "60 岁及以上", "按职业", "农民", "未登记", ">短信</a>"):
        assert words in page
    filtered = client.get("/dashboard/?age_group=60_plus").get_data(as_text=True)
    assert "<b>2</b>" in filtered  # the farmer's two cases
    csv_text = client.get("/dashboard/county.csv").get_data(as_text=True)
    assert "东湖县,2," in csv_text and "西山县,1," in csv_text
    refused = client.get("/dashboard/?age_group=elderly")
    assert refused.status_code == 400 and "未知的年龄段" in refused.get_data(as_text=True)


def test_the_drill_down_csv_holds_every_case_with_the_citizens_segment(client, runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        roads, farmer = segment_world(session)
        opened = NOW - timedelta(days=3)
        for number in range(60):  # more than one page of the list on screen
            session.add(in_progress_case(f"92{number:07d}", farmer, roads, "voice", opened))
        session.commit()
    _sign_in(client, runtime, "supervisor")
    rows = client.get("/dashboard/cases?figure=cases&format=csv&page=2").get_data(as_text=True).splitlines()
    assert rows[0] == (
        "\ufeffreference,status,priority,department,channel,region,county,township,age_group,occupation,"
        "opened_at,resolved_at"
    )
    assert len(rows) == 1 + 64
    assert sum(",东湖县,河口镇,60_plus,农民," in row for row in rows) == 62
