"""The departments' ranking page: the 三率 and on-time rate with assisting work, returns and supervision notices."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template
from sqlmodel import select

from core import spreadsheet
from feedback.metrics import departments
from feedback.metrics.departments import Standing
from staff.models import Department
from web.dashboard.views import BadFilter, _bad_filter, _filter, _filter_args
from web.sessions import role_required

bp = Blueprint("department_ranking", __name__, url_prefix="/dashboard/departments")
bp.register_error_handler(BadFilter, _bad_filter)
COUNTS = ("assists", "assists_on_time", "returns", "upheld", "rejected", "pending", "notices", "notices_answered",
          "notices_overdue")  # fmt: skip
CSV_HEADER = ["rank", "department", "cases", *departments.RATES, "score", "return_rate", *COUNTS]


@bp.get("/")
@role_required("supervisor")
def page():
    report = _filter()
    with current_app.extensions["civicline"].read_session() as session:
        rows = departments.ranking(session, report)
        names = _names(session)
    return render_template(
        "department_ranking.html", rows=rows, names=names, report=report, filter_args=_filter_args(report)
    )


@bp.get("/ranking.csv")
@role_required("supervisor")
def csv():
    report = _filter()
    with current_app.extensions["civicline"].read_session() as session:
        rows = departments.ranking(session, report)
        names = _names(session)
    body = spreadsheet.csv_text(CSV_HEADER, [_csv_row(rank, row, names) for rank, row in enumerate(rows, 1)])
    filename = f"departments-{report.start}-{report.end}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"})


def _csv_row(rank: int, row: Standing, names: dict[int, str]) -> list[object]:
    rates = [_share(getattr(row, name)) for name in departments.RATES]
    counts = [row.counts[name] for name in COUNTS]
    return [rank, names.get(row.department_id, ""), row.cases, *rates, _share(row.score), _share(row.return_rate),
            *counts]  # fmt: skip


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _names(session) -> dict[int, str]:
    return {d.id: d.name_zh for d in session.exec(select(Department)) if d.id is not None}
