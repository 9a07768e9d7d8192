"""Routing commands that learn from or act on cases: `flask --app app router retrain|assign-waiting`.

They belong to the `router` command group (`router.cli`), which the application
extends with them: they need the cases, which the router does not read.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback.cases import assignment, labels
from router.archive.examples import from_archive
from router.model import classifier as routing_model
from router.model import retrain, training

CSV = click.Path(exists=True, dir_okay=False, path_type=Path)


def _runtime():
    return current_app.extensions["civicline"]


@click.command("retrain")
@with_appcontext
@click.option("--csv", "csv_files", multiple=True, type=CSV, help="Also learn from this labelled CSV (repeatable).")
@click.option("--force", is_flag=True, help="Save the new model even if it scores worse.")
def retrain_command(csv_files: tuple[Path, ...], force: bool) -> None:
    """Retrain from resolved cases, agents' transfers and imported past tickets; keep the better model."""
    runtime = _runtime()
    files = list(csv_files) or retrain.remembered_csv_files(runtime)
    try:
        with runtime.read_session() as session:
            history = labels.from_history(session) + from_archive(session)
            examples = retrain.gather(session, history, files)
        outcome = retrain.retrain(examples, runtime, runtime.settings.router_confidence_threshold, files, force)
    except (training.DataError, routing_model.ModelError) as exc:
        raise click.ClickException(str(exc)) from exc
    sources = ", ".join(f"{n} {s}" for s, n in sorted(Counter(examples.sources).items()))
    click.echo(f"{outcome.examples} labelled messages ({sources})")
    if len(set(retrain.site_weights(examples))) > 1:
        click.echo(f"each resolved case and transfer counts {retrain.SITE_LABEL_WEIGHT:g} times a row of a file")
    if outcome.candidate is None:
        click.echo(outcome.summary())
        return
    click.echo("new model on the held-out messages:")
    click.echo("\n".join("  " + line for line in outcome.candidate.lines()))
    if outcome.current is not None:
        click.echo("current model on the same messages:")
        click.echo("\n".join("  " + line for line in outcome.current.lines()))
    click.echo(outcome.summary())


@click.command("assign-waiting")
@with_appcontext
def assign_waiting_command() -> None:
    """Hand waiting cases to free agents now (the workers also do it every minute)."""
    with _runtime().session() as session:
        count = assignment.assign_waiting(session)
    click.echo(f"{count} waiting case(s) assigned")
