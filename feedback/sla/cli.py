"""Operator commands for time limits: `flask --app app sla load|show`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import select

from core.clock import utcnow
from feedback.sla import policies
from feedback.sla.models import Holiday, SlaPolicy
from feedback.sla.policies import SlaConfigError, load_calendar, years_without_holidays

sla_cli = AppGroup("sla", help="Time limits, working calendar and public holidays.")


@sla_cli.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load(path: Path | None) -> None:
    """Replace the policies, calendar and holidays with a file (default: the data directory's sla.toml)."""
    runtime = current_app.extensions["civicline"]
    path = path or policies.config_path(runtime.settings.data_dir)
    try:
        config = policies.read(path)
    except SlaConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    with runtime.session() as session:
        policies.replace_all(session, config)
    click.echo(f"{len(config.policies)} policies and {len(config.holidays)} holiday dates loaded from {path}")


@sla_cli.command("show")
def show() -> None:
    """Print the policies and the number of holidays in force."""
    with current_app.extensions["civicline"].read_session() as session:
        order = (SlaPolicy.priority, SlaPolicy.department_code, SlaPolicy.kind)
        for p in session.exec(select(SlaPolicy).order_by(*order)):
            scope = f"priority={p.priority or '*'} department={p.department_code or '*'} kind={p.kind or '*'}"
            click.echo(
                f"{scope:60} first response {p.first_response_limit:g} {p.first_response_unit}, "
                f"resolution {p.resolution_limit:g} {p.resolution_unit}  ({p.name})"
            )
        click.echo(f"{len(session.exec(select(Holiday)).all())} holiday and make-up working dates")
        today = utcnow().astimezone(load_calendar(session).zone).date()
        for year in years_without_holidays(session, today):
            click.echo(f"warning: no public holidays entered for {year}; working-day limits count them as working days")
