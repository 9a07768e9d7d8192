"""`flask --app app citizens erase|export ID`: the operator's side of a citizen's request about their data."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from feedback.privacy import erasure, export
from feedback.privacy.holdings import PrivacyRefused

citizens_cli = AppGroup("citizens", help="A citizen's personal information: export it, erase it.")


@citizens_cli.command("erase")
@click.argument("citizen_id", type=int)
@click.option("--reason", required=True, help="Why (the citizen's request, a court order…); kept in the audit trail.")
@click.option("--force", is_flag=True, help="Erase although the citizen has open cases.")
@click.option("--actor", default="operator", show_default=True, help="Who to name in the audit trail.")
def erase_command(citizen_id: int, reason: str, force: bool, actor: str) -> None:
    """Anonymise one citizen everywhere (messages, files, names, addresses); the figures stay."""
    runtime = current_app.extensions["civicline"]
    try:
        with runtime.session() as session:
            counts = erasure.erase(session, runtime.blobs, citizen_id, actor, reason, force)
    except PrivacyRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"citizen {citizen_id} erased: " + ", ".join(f"{value} {key}" for key, value in counts.items()))


@citizens_cli.command("export")
@click.argument("citizen_id", type=int)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--reason", default="", help="Why; required with --force.")
@click.option("--force", is_flag=True, help="Export although the citizen has open cases.")
@click.option("--actor", default="operator", show_default=True, help="Who to name in the audit trail.")
def export_command(citizen_id: int, output: Path | None, reason: str, force: bool, actor: str) -> None:
    """Print everything held about one citizen as JSON."""
    runtime = current_app.extensions["civicline"]
    try:
        with runtime.session() as session:
            document = export.export(session, citizen_id, actor, reason, force)
    except PrivacyRefused as exc:
        raise click.ClickException(str(exc)) from exc
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"citizen {citizen_id}: written to {output}", err=True)
