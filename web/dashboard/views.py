"""Dashboard pages: headline figures, trend, breakdowns (by case and by citizen segment), backlog, drill-down, CSV."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import col, select

from channels import registry
from core import localtime, spreadsheet
from feedback.answers.addresses import PUBLISHED
from feedback.metrics import calls as call_figures
from feedback.metrics import definitions, reports
from feedback.metrics.reports import FILTER_DIMENSIONS, ReportFilter
from feedback.metrics.rollup import SEGMENT_DIMENSIONS
from feedback.proactive import actions as proactive
from feedback.sla import breaches
from router.identity.models import Citizen
from router.identity.profile import AGE_GROUPS
from staff.models import Department, User
from web import charts, timefmt
from web.sessions import role_required

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", template_folder="templates")
MAX_DAYS = 3 * 366
CSV_COLUMNS = (
    "cases",
    "first_response_median_h",
    "first_response_p90_h",
    "resolution_median_h",
    "resolution_p90_h",
    "first_on_time_rate",
    "resolution_on_time_rate",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "transferred_share",
    "transfers",
    "reopen_rate",
    "repeat_citizen_rate",
    "repeat_topic_rate",
)

DRILL_DOWN_COLUMNS = ("reference", "status", "priority", "department", "channel", "region", "opened_at", "resolved_at")


class BadFilter(ValueError):
    """A dashboard filter that cannot be used."""


@bp.errorhandler(BadFilter)
def _bad_filter(exc: BadFilter):
    return render_template("dashboard/error.html", message=str(exc)), 400


@bp.get("/")
@role_required("supervisor")
def overview():
    report = _filter()
    with _session() as session:
        names = _names(session)
        total = definitions.headline(reports.figures(session, report))
        trend = reports.trend(session, report)
        # A table the rollup cannot answer under these filters would count the cases themselves: left out.
        shown = [d for d in FILTER_DIMENSIONS if reports.from_rollup(report, d)]
        tables = {d: reports.breakdown(session, report, d) for d in shown}
        backlog = reports.backlog(session, report)
        departments = [int(report.department)] if report.department.isdigit() else None
        unacknowledged = breaches.count_unacknowledged(session, departments)
        tasks = proactive.figures(session, *report.bounds(), frozenset(departments) if departments else None)
        target = current_app.extensions["civicline"].settings.call_service_level_seconds
        calls = call_figures.for_period(session, *report.bounds(), target, timefmt.hotline_zone())
    return render_template(
        "dashboard/overview.html",
        calls=calls,
        unacknowledged=unacknowledged,
        tasks=tasks,
        report=report,
        total=total,
        names=names,
        backlog=backlog,
        tables={d: [(v, definitions.headline(f)) for v, f in rows] for d, rows in tables.items()},
        trend_chart=_trend_chart(trend),
        backlog_chart=_backlog_chart(report, backlog),
        filter_args=_filter_args(report),
        today=localtime.today(timefmt.hotline_zone()),
        hidden_tables=len(shown) < len(FILTER_DIMENSIONS),
        age_groups=AGE_GROUPS,
        sources=(*registry.SOURCES, PUBLISHED),
    )


@bp.get("/cases")
@role_required("supervisor")
def cases():
    report = _filter()
    figure = request.args.get("figure", "cases")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    export = request.args.get("format") == "csv"
    with _session() as session:
        try:
            # The CSV is the whole list (up to the count's cap), not the page on screen.
            total, rows = reports.cases_behind(
                session, report, figure, 1 if export else page, reports.COUNT_CAP if export else 50
            )
        except ValueError as exc:
            raise BadFilter(str(exc)) from exc
        names = _names(session)
        citizens = _citizens_of(session, rows) if export else {}
    if export:
        return _csv(
            f"cases-{figure}.csv",
            [*DRILL_DOWN_COLUMNS[:6], *SEGMENT_DIMENSIONS, *DRILL_DOWN_COLUMNS[6:]],
            [
                [
                    c.reference,
                    c.status,
                    c.priority,
                    names["department"].get(str(c.department_id), ""),
                    c.channel,
                    c.region or "",
                    *(getattr(citizens.get(c.citizen_id), name, None) or "" for name in SEGMENT_DIMENSIONS),
                    c.opened_at.isoformat(),
                    c.resolved_at.isoformat() if c.resolved_at else "",
                ]
                for c in rows
            ],
        )
    return render_template(
        "dashboard/cases.html",
        report=report,
        figure=figure,
        total=total,
        rows=rows,
        page=page,
        names=names,
        filter_args=_filter_args(report),
        case_url=_case_url,
        cap=reports.COUNT_CAP,
    )


@bp.get("/<dimension>.csv")
@role_required("supervisor")
def table_csv(dimension: str):
    if dimension not in FILTER_DIMENSIONS and dimension != "trend":
        abort(404)
    report = _filter()
    with _session() as session:
        names = _names(session)
        if dimension == "trend":
            rows = [(day.isoformat(), definitions.headline(f)) for day, f in reports.trend(session, report)]
        else:
            rows = [
                (names[dimension].get(v, v), definitions.headline(f))
                for v, f in reports.breakdown(session, report, dimension)
            ]
    return _csv(
        f"{dimension}-{report.start}-{report.end}.csv",
        [dimension, *CSV_COLUMNS],
        [[label, *(_csv_value(figures[c]) for c in CSV_COLUMNS)] for label, figures in rows],
    )


def _filter() -> ReportFilter:
    args = request.args
    today = localtime.today(timefmt.hotline_zone())  # the period ends on the hotline's date, not UTC's
    try:
        end = date.fromisoformat(args["end"]) if args.get("end") else today
        start = date.fromisoformat(args["start"]) if args.get("start") else end - timedelta(days=29)
    except ValueError:
        raise BadFilter(_("Dates must be written YYYY-MM-DD.")) from None
    if start > end:
        raise BadFilter(_("The period starts after it ends."))
    if (end - start).days > MAX_DAYS:
        raise BadFilter(_("Choose a period of at most three years."))
    for key in ("department", "agent"):
        if args.get(key) and not args[key].isdigit():
            raise BadFilter(_("Unknown %(what)s.", what=key))
    if args.get("age_group") and args["age_group"] not in AGE_GROUPS:
        raise BadFilter(_("Unknown age group; choose one of %(groups)s.", groups=", ".join(AGE_GROUPS)))
    offset = current_app.extensions["civicline"].settings.report_utc_offset_hours
    dimensions = {d: args.get(d, "").strip()[:200] for d in FILTER_DIMENSIONS}
    return ReportFilter(start, end, **dimensions, utc_offset_hours=offset)


def _filter_args(report: ReportFilter) -> dict:
    return {"start": report.start.isoformat(), "end": report.end.isoformat(), **report.chosen}


def _citizens_of(session, cases) -> dict[int, Citizen]:
    ids = sorted({c.citizen_id for c in cases})
    found: dict[int, Citizen] = {}
    for start in range(0, len(ids), 1000):  # bounded IN lists
        found.update(
            (c.id, c) for c in session.exec(select(Citizen).where(col(Citizen.id).in_(ids[start : start + 1000])))
        )
    return found


def _names(session) -> dict[str, dict[str, str]]:
    departments = {str(d.id): d.name_zh for d in session.exec(select(Department))}
    agents = {str(u.id): u.display_name or u.username for u in session.exec(select(User))}
    ages = dict(zip(AGE_GROUPS, (_("Under 18"), _("18 to 34"), _("35 to 59"), _("60 and over")), strict=True))
    return {"department": departments, "agent": agents, "age_group": ages} | {
        d: {} for d in FILTER_DIMENSIONS if d not in ("department", "agent", "age_group")
    }


def _trend_chart(trend) -> str:
    labels = [day.strftime("%m-%d") for day, _f in trend]
    return charts.lines(
        labels,
        {
            _("Cases opened"): [f["cases"] for _d, f in trend],
            _("Resolved"): [f["resolved"] for _d, f in trend],
            _("Resolved late"): [f["resolution_due"] - f["resolution_on_time"] for _d, f in trend],
        },
        _("Trend"),
    )


def _backlog_chart(report: ReportFilter, backlog: dict) -> str:
    labels = [_(label) for label, _n in backlog["ages"]]  # feedback.reports names the age buckets in English
    link = url_for("dashboard.cases", figure="open", **_filter_args(report))
    return charts.bars(labels, [n for _l, n in backlog["ages"]], _("Open cases by age"), [link] * len(labels))


def _case_url(reference: str) -> str:
    return url_for("case_page.show", reference=reference)


def _csv_value(value) -> str:
    if value is None:
        return ""
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _csv(filename: str, header: list[str], rows: list[list]) -> Response:
    return Response(
        spreadsheet.csv_text(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


def _session():
    return current_app.extensions["civicline"].read_session()
