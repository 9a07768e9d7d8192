"""The departments' ranking: the 三率 and an on-time rate that counts assisting tasks, returns upheld and rejected,
supervision notices issued, answered and overdue — on the page, in a formula-safe CSV and in the API."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlmodel import Session

from core.spreadsheet import FORMULA_LEADS
from feedback.collaboration.models import AssistTask, CaseReturn, SupervisionNotice
from feedback.metrics import departments, rollup
from feedback.metrics.reports import ReportFilter
from staff.models import Department
from tests.helpers.metrics import NOW, world
from tests.helpers.staff import make_user, sign_in_with_cookie

HOSTILE = '=HYPERLINK("https://evil.example","x")'


def _ago(days: float):
    return NOW - timedelta(days=days)


@pytest.fixture
def ranked(runtime) -> dict:
    """The metrics world (roads: 1 of 3 resolved on time; schools: 1 of 1) with collaboration on top."""
    with Session(runtime.engine, expire_on_commit=False) as session:
        roads, schools, cases = world(session)
        session.add_all([
            # roads assisted schools and finished in time; schools assists roads and is late, still open
            AssistTask(case_id=cases[3].id, department_id=roads.id, text="a", due_at=_ago(4), status="done",
                       part="p", created_at=_ago(5), finished_at=_ago(4.5)),
            AssistTask(case_id=cases[0].id, department_id=schools.id, text="b", due_at=_ago(3), created_at=_ago(5)),
            CaseReturn(case_id=cases[1].id, department_id=roads.id, reason_code="other", text="t", status="rejected",
                       created_at=_ago(6)),
            CaseReturn(case_id=cases[2].id, department_id=roads.id, reason_code="other", text="t", status="upheld",
                       created_at=_ago(6)),
            SupervisionNotice(case_id=cases[1].id, department_id=roads.id, text="n1", reply_by=_ago(2),
                              issued_at=_ago(3), reply="ok", replied_at=_ago(2.5)),
            SupervisionNotice(case_id=cases[1].id, department_id=roads.id, text="n2", reply_by=_ago(2),
                              issued_at=_ago(3)),
            SupervisionNotice(case_id=cases[2].id, department_id=roads.id, text="n3", reply_by=_ago(2),
                              issued_at=_ago(3), reply="late", replied_at=_ago(1)),
        ])  # fmt: skip
        roads.name_zh = HOSTILE
        session.add(roads)
        session.commit()
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    return {"roads": roads.id, "schools": schools.id}


def _report() -> ReportFilter:
    return ReportFilter((NOW - timedelta(days=20)).date(), (NOW + timedelta(days=1)).date())


def test_the_ranking_counts_assisting_work_returns_and_notices_per_department(runtime, ranked):
    with Session(runtime.engine) as session:
        rows = {row.department_id: row for row in departments.ranking(session, _report(), now=NOW)}
    roads, schools = rows[ranked["roads"]], rows[ranked["schools"]]
    assert roads.cases == 3 and roads.on_time_rate == pytest.approx(2 / 4)  # 1 of 3 cases + its assisting task
    assert schools.on_time_rate == pytest.approx(1 / 2)  # its case on time, its assisting task late
    assert (roads.counts["returns"], roads.counts["upheld"], roads.counts["rejected"]) == (2, 1, 1)
    assert roads.return_rate == pytest.approx(2 / 3)
    assert (roads.counts["notices"], roads.counts["notices_answered"], roads.counts["notices_overdue"]) == (3, 2, 2)
    assert schools.counts["notices"] == 0


def test_the_ranking_page_csv_and_api_agree_and_the_csv_runs_no_formula(app, client, runtime, ranked):
    sign_in_with_cookie(client, make_user(runtime, "zhou.sup", role="supervisor", language="zh"))
    period = {"start": _report().start.isoformat(), "end": _report().end.isoformat()}
    page = client.get("/dashboard/departments/", query_string=period).get_data(as_text=True)
    assert "部门排名" in page and "满意率" in page and 'class="returns">1 / 1' in page
    response = client.get("/dashboard/departments/ranking.csv", query_string=period)
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0][:3] == ["rank", "department", "cases"]
    cells = [cell for row in rows for cell in row]
    assert [cell for cell in cells if cell.startswith(FORMULA_LEADS)] == [] and "'" + HOSTILE in cells
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    api = app.test_client().get("/api/departments/ranking", query_string=period, headers=bearer).get_json()
    order = [row["department_id"] for row in api["departments"]]
    with Session(runtime.engine) as session:
        names = {d.id: d.name_zh for d in session.query(Department)}
    assert [names[i] for i in order] == [row[1].removeprefix("'") for row in rows[1:]]
    roads = next(row for row in api["departments"] if row["department_id"] == ranked["roads"])
    assert (roads["upheld"], roads["rejected"], roads["notices_overdue"]) == (1, 1, 2)
