"""The seasonal calendar (民情月历): forecasts with intervals that beat last-year's-same-month, from cases and
imported tickets, stored for the page, and checked by a backtest an analyst can run on a file."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime

import numpy as np
import pytest
from sqlmodel import Session, select

from feedback.seasons import calendar, forecasting
from feedback.seasons.models import SeasonForecast
from router.archive.models import ArchivedTicket
from tests.helpers.staff import make_user, sign_in_with_cookie

# A county's year: floods in the rainy season, heating in winter, a steady trickle of noise.
FLOODS = [1, 1, 2, 3, 6, 14, 18, 12, 4, 2, 1, 1]
HEATING = [14, 10, 4, 1, 0, 0, 0, 0, 1, 6, 12, 16]
NOISE = [4] * 12
TEXTS = {"flooding": "{place}积水严重，家里进水了", "heating": "{place}暖气不热", "noise": "{place}晚上施工噪音扰民"}


def _seasonal_years(shape: list[int], years: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.poisson(np.array(shape, dtype=float)) for _ in range(years)]).astype(float)


def test_the_forecast_beats_last_years_same_month_on_a_held_back_year():
    shapes = (FLOODS, HEATING, NOISE) * 4
    series = [_seasonal_years(shape, 4, seed) for seed, shape in enumerate(shapes)]
    result = forecasting.backtest(series, first_month=0, held_back=12)
    assert result.series == 12 and result.months == 12
    assert result.model_error < result.naive_error
    assert result.improvement > 0.1


def test_the_interval_holds_most_outcomes_and_follows_the_season():
    past = _seasonal_years(FLOODS, 3, seed=7)
    ahead = forecasting.forecast(past, first_month=0, horizon=12)
    assert ahead.mean[6] > 4 * ahead.mean[0]  # July's floods against January
    assert all(low <= mean <= high for low, mean, high in zip(ahead.low, ahead.mean, ahead.high, strict=True))
    outcomes = np.concatenate([_seasonal_years(FLOODS, 1, seed) for seed in range(100, 120)])
    inside = np.mean([(ahead.low[i % 12] <= y <= ahead.high[i % 12]) for i, y in enumerate(outcomes)])
    assert inside >= 0.7


def test_too_little_history_is_refused_by_the_backtest_with_the_reason():
    with pytest.raises(ValueError, match="at least 24 months"):
        forecasting.backtest([np.ones(18)], first_month=0)


def _import_history(runtime, years: int = 2, end_year: int = 2026) -> None:
    """Past tickets as `history import` stores them: two years of floods, heating and noise at two villages."""
    with Session(runtime.engine) as session:
        line = 0
        for year in range(end_year - years, end_year):
            for month in range(12):
                for problem, shape in (("flooding", FLOODS), ("heating", HEATING), ("noise", NOISE)):
                    for n in range(shape[month]):
                        line += 1
                        place = "张家村" if n % 2 else "李家村"
                        session.add(ArchivedTicket(
                            source="old.csv", line=line, text=TEXTS[problem].format(place=place),
                            department_code="DEPT", opened_at=datetime(year, month + 1, 10, 2, tzinfo=UTC),
                            fingerprint=f"{line:040d}",
                        ))  # fmt: skip
        session.commit()


def test_refreshing_stores_the_coming_months_and_marks_the_rainy_season_to_prepare_for(runtime):
    _import_history(runtime)
    with Session(runtime.engine) as session:
        done = calendar.refresh(session, UTC, now=datetime(2026, 1, 20, tzinfo=UTC))
        assert done.series >= 4 and done.months_of_history == 24 and done.first_month == "2024-01"
        found = calendar.coming(session)
    assert found.months == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    rows = {row.problem: row for row in found.rows}
    assert found.rows[0].problem == "*"  # all reports first
    june = rows["flooding"].months["2026-06"]
    assert 9 < june.expected < 20 and june.low < june.expected < june.high
    assert rows["flooding"].rising("2026-06") and not rows["noise"].rising("2026-06")
    prepared = {(month, row.problem) for month, row, _cell in found.prepare()}
    assert ("2026-06", "flooding") in prepared and ("2026-01", "heating") in prepared
    assert ("2026-03", "flooding") not in prepared
    with Session(runtime.engine) as session:
        assert calendar.places(session) == ["张家村", "李家村"]
        assert calendar.coming(session, "张家村").rows


def test_without_a_year_of_history_the_calendar_is_empty_and_says_why(client, runtime):
    with Session(runtime.engine) as session:
        assert calendar.refresh(session, UTC).series == 0
        assert session.exec(select(SeasonForecast)).first() is None
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    page = client.get("/calendar").get_data(as_text=True)
    assert "No calendar yet" in page
    refused = client.post("/calendar/refresh", data={"csrf_token": _csrf(client)}, follow_redirects=True)
    assert "Not enough history yet" in refused.get_data(as_text=True)


def test_supervisors_read_the_calendar_and_make_a_task_from_a_month_to_prepare_for(client, runtime):
    _import_history(runtime, end_year=2026)
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    with Session(runtime.engine) as session:
        calendar.refresh(session, UTC, now=datetime(2026, 1, 3, tzinfo=UTC))
    page = client.get("/calendar").get_data(as_text=True)
    assert "What to prepare for" in page and "Flooding and waterlogging" in page and "2026-06" in page
    assert 'class="rising"' in page
    assert "/tasks/new?source=forecast" in page
    one_place = client.get("/calendar?place=张家村").get_data(as_text=True)
    assert "selected>张家村" in one_place
    assert client.get("/calendar?place=<script>").status_code == 200
    agent = make_user(runtime, "wang", role="agent")
    sign_in_with_cookie(client, agent)
    assert client.get("/calendar").status_code in (403, 404)


def test_the_backtest_command_reads_a_file_of_past_messages_and_compares_with_seasonal_naive(runtime, tmp_path):
    from app import create_app

    path = tmp_path / "messages.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "time", "subject", "text"])
        n = 0
        counts = {problem: _seasonal_years(shape, 4, seed) for seed, (problem, shape) in
                  enumerate((("flooding", FLOODS), ("heating", HEATING)))}  # fmt: skip
        for year in (2016, 2017, 2018, 2019):
            for month in range(12):
                for problem in counts:
                    for _ in range(int(counts[problem][(year - 2016) * 12 + month])):
                        n += 1
                        writer.writerow([n, f"{year}/{month + 1}/12 09:00:00", "", TEXTS[problem].format(place="")])
    result = create_app(runtime=runtime).test_cli_runner().invoke(args=["calendar", "backtest", str(path)])
    assert result.exit_code == 0, result.output
    assert "48 months from 2016-01" in result.output
    assert "flooding, heating and all" in result.output
    model, naive = map(float, re.search(r"model ([\d.]+), seasonal-naive ([\d.]+)", result.output).groups())
    assert 0 < model < naive


def _csrf(client) -> str:
    from tests.helpers.staff import csrf_token

    return csrf_token(client, "/calendar")
