"""`flask --app app calendar …`: recompute the seasonal calendar, print it, and backtest it against seasonal-naive.

`backtest` is how an analyst checks the forecasts before trusting the page:
it holds back the last year of the hotline's history (or of a file of past
messages, columns `id,time,subject,text`), forecasts it from the years before,
and prints the mean absolute error of the model next to last-year's-same-month.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from core import localtime
from core.clock import utcnow
from feedback.hotspots import reading
from feedback.seasons import calendar, forecasting, history
from feedback.seasons.models import EVERY_PROBLEM, EVERYWHERE
from router.archive.cli import column_pair

calendar_cli = AppGroup("calendar", help="The seasonal calendar (民情月历): what each month brings.")


def _zone():
    return localtime.zone(current_app.extensions["civicline"].settings.hotline_timezone)


@calendar_cli.command("refresh")
def refresh_command() -> None:
    """Forecast the coming months from all cases and imported tickets, and store the calendar."""
    runtime = current_app.extensions["civicline"]
    with runtime.session() as session:
        done = calendar.refresh(session, _zone())
    if not done.series:
        click.echo("not enough history yet: a kind of problem needs a year of reports to have a season")
        return
    click.echo(f"{done.series} series forecast from {done.months_of_history} months since {done.first_month}")


@calendar_cli.command("show")
@click.option("--place", default="", help="One place's calendar instead of the hotline's.")
def show_command(place: str) -> None:
    """Print the stored calendar: expected reports per month, with the 80 % interval."""
    runtime = current_app.extensions["civicline"]
    with runtime.read_session() as session:
        found = calendar.coming(session, place or None)
    if not found.rows:
        raise click.ClickException("no calendar stored: run `flask --app app calendar refresh` first")
    click.echo("problem".ljust(18) + "usual".rjust(7) + "".join(month.rjust(16) for month in found.months))
    for row in found.rows:
        cells = []
        for month in found.months:
            cell = row.months.get(month)
            text = f"{cell.expected:.1f} [{cell.low}-{cell.high}]" if cell else "—"
            cells.append(("*" if row.rising(month) else "") + text)
        click.echo(row.problem.ljust(18) + f"{row.usual:7.1f}" + "".join(c.rjust(16) for c in cells))
    click.echo("* more than usual: prepare")


@calendar_cli.command("backtest")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--held-back", default=12, show_default=True, type=click.IntRange(1, 36), help="Months held back.")
@click.option("--column", "columns", multiple=True, metavar="FIELD=NAME",
              help=f"Name the file's column for a field ({', '.join(reading.NAMES)}); repeatable.")  # fmt: skip
def backtest_command(path: Path | None, held_back: int, columns: tuple[str, ...]) -> None:
    """Hold back the last months, forecast them from the rest, and compare with seasonal-naive."""
    zone = _zone()
    if path is None:
        runtime = current_app.extensions["civicline"]
        with runtime.read_session() as session:
            found = list(history.reports(session, zone))
    else:
        try:
            messages = reading.messages(path, zone, dict(column_pair(column) for column in columns))
        except reading.MessagesError as exc:
            raise click.ClickException(str(exc)) from exc
        found = [history.Report(history.month_index(m.time, zone), m.mark.problems, m.mark.places) for m in messages]
    if not found:
        raise click.ClickException("no reports to backtest on")
    last = max(report.month for report in found) if path else history.month_index(utcnow(), zone) - 1
    series = history.series(found, until=last)
    usable = {
        key: counts
        for key, counts in series.counts.items()
        if key[1] == EVERYWHERE and counts.sum() >= calendar.AT_LEAST_REPORTS
    }
    try:
        result = forecasting.backtest(list(usable.values()), series.first % forecasting.SEASON, held_back)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    kinds = sorted(key[0] for key in usable if key[0] != EVERY_PROBLEM)
    click.echo(f"{len(found)} reports, {series.months} months from {history.month_label(series.first)}")
    click.echo(f"held back: the last {held_back} months; {result.series} series ({', '.join(kinds)} and all)")
    click.echo(f"mean absolute error per series-month: model {result.model_error:.2f}, "
               f"seasonal-naive {result.naive_error:.2f} ({result.improvement:+.0%})")  # fmt: skip
