"""Operator commands for time limits and Open311 keys: `flask sla load|show`, `flask open311 add-key|revoke-key`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import select

from core.clock import utcnow
from feedback import sla_config
from feedback.lifecycle_models import ApiKey, Holiday, SlaPolicy
from feedback.sla_config import SlaConfigError, load_calendar, years_without_holidays
from web import open311_keys

sla_cli = AppGroup("sla", help="Time limits, working calendar and public holidays.")
open311_cli = AppGroup("open311", help="API keys for Open311 GeoReport v2 clients.")


@sla_cli.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load(path: Path | None) -> None:
    """Replace the policies, calendar and holidays with a file (default: the data directory's sla.toml)."""
    runtime = current_app.extensions["civicline"]
    path = path or sla_config.config_path(runtime.settings.data_dir)
    try:
        config = sla_config.read(path)
    except SlaConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    with runtime.session() as session:
        sla_config.replace_all(session, config)
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


@open311_cli.command("add-key")
@click.argument("name")
def add_key(name: str) -> None:
    """Create an API key for an Open311 client and print it (it is stored only as a hash)."""
    with current_app.extensions["civicline"].session() as session:
        key = open311_keys.create(session, name)
    click.echo(key)


@open311_cli.command("revoke-key")
@click.argument("name")
def revoke_key(name: str) -> None:
    """Switch off every key with this name."""
    with current_app.extensions["civicline"].session() as session:
        keys = session.exec(select(ApiKey).where(ApiKey.name == name)).all()
        for key in keys:
            key.active = False
            session.add(key)
    click.echo(f"{len(keys)} key(s) revoked")
