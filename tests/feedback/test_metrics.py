"""The supervisors' figures: rates that match hand-counted cases, the rollup agreeing with live counts, breakdowns
by the citizens' segments, the backlog, and the survey rates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from feedback.cases import citizens
from feedback.cases.models import Case
from feedback.metrics import definitions, reports, rollup
from feedback.metrics.reports import ReportFilter
from router.identity.models import Citizen
from tests.helpers.metrics import NOW, segment_world, world


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


def _report(**dims) -> ReportFilter:
    return ReportFilter(start=(NOW - timedelta(days=15)).date(), end=NOW.date(), **dims)


def test_rollup_figures_match_the_cases_counted_by_hand(runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        roads, _schools, _cases = world(session)
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
        roads, _schools, _cases = world(session)
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
        _roads, _schools, cases = world(session)
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
        _roads, _schools, cases = world(session)
        total, rows = reports.cases_behind(session, _report(), "resolution_late", page=1)
    assert total == 2 and {c.reference for c in rows} == {cases[1].reference, cases[2].reference}


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
        world(session)
        backlog = reports.backlog(session, _report())
    assert backlog["open"] == 1 and backlog["overdue"] == 0
    assert dict(backlog["ages"])["7–15 days"] == 1


def test_the_satisfaction_and_resolution_rates_come_from_the_citizens_answers(runtime):
    from feedback.surveys.models import SurveyResponse

    with Session(runtime.engine, expire_on_commit=False) as session:
        _roads, _schools, cases = world(session)
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
    assert rates["survey_response_rate"] == pytest.approx(3 / 4)  # three answers to four surveys sent


def test_reports_slice_by_the_citizens_county_age_group_and_occupation(runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        roads, _farmer = segment_world(session)
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
        segment_world(session)
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    with Session(runtime.engine, expire_on_commit=False) as session:
        unknown = session.exec(select(Citizen).where(col(Citizen.county).is_(None))).one()
        citizens.update_profile(session, unknown, profile.checked_changes({"county": "西山县"}))
        session.commit()
    assert rollup.refresh(runtime.engine, utc_offset_hours=8) == 1  # the one day that citizen's case opened on
    with Session(runtime.engine, expire_on_commit=False) as session:
        by_county = {k: f["cases"] for k, f in reports.breakdown(session, _report(), "county")}
    assert by_county == {"东湖县": 2, "西山县": 2}


def test_survey_participation_never_passes_100_percent_when_a_surveyed_case_is_reopened(runtime):
    from feedback.answers import resolution
    from feedback.cases import lifecycle
    from feedback.surveys import satisfaction
    from feedback.surveys.models import SurveyResponse
    from feedback.surveys.reading import Answer
    from tests.helpers.cases import quick_case

    first, second = (quick_case(runtime, urn=f"tel:+861380013800{n}") for n in (1, 2))
    with runtime.session() as session:
        for case_id in (first, second):
            resolution.resolve_with_answer(session, session.get(Case, case_id), "已修复。", "agent:wang")
        session.flush()
        for survey in session.exec(select(SurveyResponse)).all():
            satisfaction.record(session, survey, Answer(1, False, ""), "1 没修好", "sms")
        # The second citizen was not satisfied and the case went back to work: no longer resolved.
        lifecycle.transition(session, session.get(Case, second), "in_progress", "agent:wang", "citizen unhappy")
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    with Session(runtime.engine) as session:
        rates = definitions.headline(reports.figures(session, _report()))
    # Two surveys sent, two answered: 100 %, not the 200 % that "answered ÷ resolved cases" gave.
    assert rates["survey_response_rate"] == pytest.approx(1.0)
