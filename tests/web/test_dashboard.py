"""The supervisors' dashboard: figures that match hand-counted cases, drill-down, CSV, and who may see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from feedback.cases import citizens
from feedback.cases.models import Case, CaseEvent
from feedback.metrics import definitions, reports, rollup
from feedback.metrics.reports import ReportFilter
from router.identity.models import Citizen
from staff.models import Department
from tests.helpers.staff import make_user, sign_in_with_cookie

NOW = datetime.now(UTC)


def test_a_percentile_is_interpolated_inside_its_bucket():
    histogram = [0] * (len(definitions.HOUR_EDGES) + 1)
    histogram[6] = 10  # ten cases between 12 and 24 hours
    assert definitions.percentile(histogram, 0.5) == pytest.approx(18.0)
    assert definitions.percentile([0] * 17, 0.5) is None


def test_a_clock_counts_as_late_once_its_deadline_passes_without_an_answer():
    figures = definitions.empty()
    opened = NOW - timedelta(days=3)
    late = definitions.CaseFacts(opened, None, opened + timedelta(days=1), None, None, None, 0, False, False, False)
    not_due_yet = definitions.CaseFacts(opened, None, NOW + timedelta(days=1), None, None, None, 0, False, False, False)
    definitions.add_case(figures, late, NOW)
    definitions.add_case(figures, not_due_yet, NOW)
    assert figures["first_due"] == 1 and figures["first_on_time"] == 0
    assert definitions.headline(figures)["response_rate"] == 0.0


def _world(session: Session):
    departments = session.exec(select(Department).where(~Department.is_triage)).all()
    roads, schools = departments[0], departments[1]
    citizen = Citizen(language="zh", region="A1区")
    session.add(citizen)
    session.flush()
    opened = NOW - timedelta(days=10)
    specs = [  # (department, channel, first response after h, resolved after h, transfers, summary)
        (roads, "sms", 2, 30, 0, "路灯坏了"),
        (roads, "sms", 30, None, 1, "井盖丢了"),  # first response late (limit 24 h), unresolved past its limit
        (roads, "voice", 5, 200, 0, "<script>alert(1)</script>"),  # resolved late (limit 120 h)
        (schools, "telegram", 1, 10, 0, "补课收费"),
    ]
    cases = []
    for number, (dept, channel, first_h, resolved_h, transfers, summary) in enumerate(specs):
        case = Case(
            reference=f"90000000{number}",
            citizen_id=citizen.id,
            department_id=dept.id,
            channel=channel,
            summary=summary,
            region="A1区",
            opened_at=opened,
            updated_at=opened,
            transfer_count=transfers,
            first_response_at=opened + timedelta(hours=first_h),
            first_response_due_at=opened + timedelta(hours=24),
            resolution_due_at=opened + timedelta(hours=120),
            resolved_at=opened + timedelta(hours=resolved_h) if resolved_h else None,
            status="resolved" if resolved_h else "in_progress",
        )
        session.add(case)
        cases.append(case)
    session.flush()
    session.add(CaseEvent(case_id=cases[0].id, kind="reopened"))
    session.commit()
    return roads, schools, cases


def _report(**dims) -> ReportFilter:
    return ReportFilter(start=(NOW - timedelta(days=15)).date(), end=NOW.date(), **dims)


def test_rollup_figures_match_the_cases_counted_by_hand(runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        roads, _schools, _cases = _world(session)
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    with Session(runtime.engine, expire_on_commit=False) as session:
        everything = definitions.headline(reports.figures(session, _report()))
        roads_only = definitions.headline(reports.figures(session, _report(department=str(roads.id))))
    assert everything["cases"] == 4
    assert everything["response_rate"] == pytest.approx(3 / 4)
    assert everything["resolution_on_time_rate"] == pytest.approx(2 / 4)  # the unresolved one is past its limit
    assert everything["transferred_share"] == pytest.approx(1 / 4)
    assert everything["reopen_rate"] == pytest.approx(1 / 3)
    assert roads_only["cases"] == 3 and roads_only["response_rate"] == pytest.approx(2 / 3)


def test_combined_filters_agree_whether_read_from_the_rollup_or_counted_live(runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        roads, _schools, _cases = _world(session)
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    with Session(runtime.engine, expire_on_commit=False) as session:
        single = reports.figures(session, _report(channel="sms"))
        pair = reports.figures(session, _report(channel="sms", department=str(roads.id)))
        live = reports.figures(session, _report(channel="sms", department=str(roads.id), region="A1区"))
        by_department = dict(reports.breakdown(session, _report(channel="sms"), "department"))
    # Both sms cases are in roads and in A1区, so all three ways must count the same two cases.
    assert single == pair == live and single["cases"] == 2
    assert set(by_department) == {str(roads.id)} and by_department[str(roads.id)]["cases"] == 2


def test_a_case_resolved_long_after_it_opened_updates_its_own_day(runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        _roads, _schools, cases = _world(session)
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    with Session(runtime.engine, expire_on_commit=False) as session:
        case = session.get(Case, cases[1].id)
        case.resolved_at = case.updated_at = datetime.now(UTC)
        session.add(case)
        session.commit()
    assert rollup.refresh(runtime.engine, utc_offset_hours=8) == 1
    with Session(runtime.engine, expire_on_commit=False) as session:
        assert reports.figures(session, _report())["resolved"] == 4


def test_the_cases_behind_a_late_figure_are_exactly_the_late_ones(runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        _roads, _schools, cases = _world(session)
        total, rows = reports.cases_behind(session, _report(), "resolution_late", page=1)
    assert total == 2 and {c.reference for c in rows} == {cases[1].reference, cases[2].reference}


def _sign_in(client, runtime, role: str) -> None:
    sign_in_with_cookie(client, make_user(runtime, f"{role}1", role=role, language="zh"))


def _supervisor_over(client, runtime, build_world) -> None:
    """Write a world of cases, bring the figures up to date, and sign the client in as a supervisor."""
    with Session(runtime.engine, expire_on_commit=False) as session:
        build_world(session)
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    _sign_in(client, runtime, "supervisor")


def test_a_supervisor_sees_the_three_rates_with_their_definitions(client, runtime):
    _supervisor_over(client, runtime, _world)
    page = client.get("/dashboard/").get_data(as_text=True)
    for words in ("响应率", "解决率", "满意率", "75.0%", "<svg", "指标说明"):
        assert words in page


def test_agents_and_strangers_cannot_see_the_dashboard(client, runtime):
    stranger = client.get("/dashboard/")
    assert stranger.status_code == 302 and "/signin" in stranger.headers["Location"]
    _sign_in(client, runtime, "agent")
    assert client.get("/dashboard/").status_code == 403


def test_a_table_exports_as_csv_that_excel_reads_in_chinese(client, runtime):
    _supervisor_over(client, runtime, _world)
    response = client.get("/dashboard/department.csv")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeffdepartment,cases")
    assert "城乡建设,3," in text


def test_the_drill_down_page_escapes_what_citizens_wrote(client, runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        _world(session)
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


def test_synthetic_history_fills_every_dimension(runtime):
    from bench import history

    written = history.generate(runtime.engine, history.Plan(cases=500, days=60, agents=5))
    rollup.refresh(runtime.engine, utc_offset_hours=8, full=True)
    with Session(runtime.engine, expire_on_commit=False) as session:
        report = ReportFilter(start=(NOW - timedelta(days=61)).date(), end=NOW.date())
        total = reports.figures(session, report)
        channels = dict(reports.breakdown(session, report, "channel"))
    assert written == 500 and total["cases"] == 500
    assert {"sms", "voice", "telegram", "email"} <= set(channels)
    assert 0 < total["resolved"] < 500


def test_the_backlog_counts_open_cases_by_age(runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        _world(session)
        backlog = reports.backlog(session, _report())
    assert backlog["open"] == 1 and backlog["overdue"] == 0
    assert dict(backlog["ages"])["7–15 days"] == 1


def test_the_satisfaction_and_resolution_rates_come_from_the_citizens_answers(runtime):
    from feedback.surveys.models import SurveyResponse

    with Session(runtime.engine, expire_on_commit=False) as session:
        _roads, _schools, cases = _world(session)
        answers = [(cases[0], 5, None), (cases[2], 2, False), (cases[3], None, True)]  # score only, both, solved only
        for case, score, solved in answers:
            session.add(
                SurveyResponse(
                    case_id=case.id,
                    citizen_id=case.citizen_id,
                    channel=case.channel,
                    answered_at=NOW,
                    score=score,
                    solved=solved,
                )
            )
        session.add(SurveyResponse(case_id=cases[1].id, citizen_id=cases[1].citizen_id, channel="sms"))  # unanswered
        session.commit()
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    with Session(runtime.engine) as session:
        rates = definitions.headline(reports.figures(session, _report()))
    assert rates["satisfaction_rate"] == pytest.approx(1 / 2)  # one 5 and one 2 among the scored answers
    assert rates["resolution_rate"] == pytest.approx(2 / 3)  # a 5 counts as solved; one "not solved"
    assert rates["survey_response_rate"] == pytest.approx(3 / 3)  # three answers for three resolved cases


def _open_case(reference: str, citizen: Citizen, department: Department, channel: str, opened: datetime) -> Case:
    return Case(
        reference=reference,
        citizen_id=citizen.id,
        department_id=department.id,
        channel=channel,
        summary="路面塌陷",
        opened_at=opened,
        updated_at=opened,
        status="in_progress",
    )


def _segment_world(session: Session):
    """Three citizens in two counties: a farmer over 60 with two sms cases, a teacher, and one with no profile."""
    departments = session.exec(select(Department).where(~Department.is_triage)).all()
    roads, schools = departments[0], departments[1]
    farmer = Citizen(language="zh", county="东湖县", township="河口镇", age_group="60_plus", occupation="农民")
    teacher = Citizen(language="zh", county="西山县", township="石门乡", age_group="35_59", occupation="教师")
    unknown = Citizen(language="zh")
    session.add_all([farmer, teacher, unknown])
    session.flush()
    opened = NOW - timedelta(days=5)
    specs = [(farmer, roads, "sms"), (farmer, schools, "sms"), (teacher, roads, "voice"), (unknown, roads, "sms")]
    for number, (citizen, department, channel) in enumerate(specs):
        session.add(_open_case(f"91000000{number}", citizen, department, channel, opened))
    session.commit()
    return roads, farmer


def test_reports_slice_by_the_citizens_county_age_group_and_occupation(runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        roads, _farmer = _segment_world(session)
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    with Session(runtime.engine, expire_on_commit=False) as session:
        by_county = {k: f["cases"] for k, f in reports.breakdown(session, _report(), "county")}
        by_age = {k: f["cases"] for k, f in reports.breakdown(session, _report(), "age_group")}
        farmers = reports.figures(session, _report(occupation="农民"))["cases"]
        roads_in_east = reports.figures(session, _report(department=str(roads.id), county="东湖县"))["cases"]
        # No rollup pair for county + township + channel: counted from the cases, and it must agree.
        live = reports.figures(session, _report(county="东湖县", township="河口镇", channel="sms"))["cases"]
        east_by_department = dict(reports.breakdown(session, _report(county="东湖县"), "department"))
    assert by_county == {"东湖县": 2, "西山县": 1, "": 1}
    assert by_age == {"60_plus": 2, "35_59": 1, "": 1}
    assert farmers == 2 and roads_in_east == 1 and live == 2
    assert east_by_department[str(roads.id)]["cases"] == 1
    assert reports.from_rollup(_report(department=str(roads.id), county="东湖县"))
    assert not reports.from_rollup(_report(county="东湖县", township="河口镇", channel="sms"))


def test_a_county_filled_in_later_moves_the_citizens_earlier_cases_at_the_next_refresh(runtime):
    from router.identity import profile

    with Session(runtime.engine, expire_on_commit=False) as session:
        _segment_world(session)
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    with Session(runtime.engine, expire_on_commit=False) as session:
        unknown = session.exec(select(Citizen).where(col(Citizen.county).is_(None))).one()
        citizens.update_profile(session, unknown, profile.checked_changes({"county": "西山县"}))
        session.commit()
    assert rollup.refresh(runtime.engine, utc_offset_hours=8) == 1  # the one day that citizen's case opened on
    with Session(runtime.engine, expire_on_commit=False) as session:
        by_county = {k: f["cases"] for k, f in reports.breakdown(session, _report(), "county")}
    assert by_county == {"东湖县": 2, "西山县": 2}


def test_a_supervisor_reads_the_tables_by_county_and_age_group_in_chinese(client, runtime):
    _supervisor_over(client, runtime, _segment_world)
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
        roads, farmer = _segment_world(session)
        opened = NOW - timedelta(days=3)
        for number in range(60):  # more than one page of the list on screen
            session.add(_open_case(f"92{number:07d}", farmer, roads, "voice", opened))
        session.commit()
    _sign_in(client, runtime, "supervisor")
    rows = client.get("/dashboard/cases?figure=cases&format=csv&page=2").get_data(as_text=True).splitlines()
    assert rows[0] == (
        "\ufeffreference,status,priority,department,channel,region,county,township,age_group,occupation,"
        "opened_at,resolved_at"
    )
    assert len(rows) == 1 + 64
    assert sum(",东湖县,河口镇,60_plus,农民," in row for row in rows) == 62
