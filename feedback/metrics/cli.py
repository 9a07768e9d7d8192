"""`flask --app app metrics refresh`: recompute the dashboard's daily figures now."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from feedback.metrics import rollup

metrics_cli = AppGroup("metrics", help="The dashboard's daily figures.")


@metrics_cli.command("refresh")
@click.option("--full", is_flag=True, help="Recompute every day, not only the days whose cases changed.")
def refresh(full: bool) -> None:
    """Recompute the dashboard's daily figures (the workers also do this every minute)."""
    runtime = current_app.extensions["civicline"]
    days = rollup.refresh(runtime.engine, runtime.settings.report_utc_offset_hours, full=full)
    click.echo(f"{days} days recomputed")
