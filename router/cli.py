"""Operator commands for routing: `flask --app app router train|evaluate|retrain|auto-assign|assign-waiting`."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import select

from router import assign, retrain, training
from router import model as routing_model
from router.evaluation import evaluate
from staff.models import Department

router_cli = AppGroup("router", help="Department routing: the model, its training, and auto-assignment.")
CSV = click.Path(exists=True, dir_okay=False, path_type=Path)


def _runtime():
    return current_app.extensions["civicline"]


def _departments() -> list[Department]:
    with _runtime().read_session() as session:
        return list(session.exec(select(Department)))


def _read(path: Path) -> training.Examples:
    try:
        return training.read_csv(path, _departments())
    except training.DataError as exc:
        raise click.ClickException(str(exc)) from exc


@router_cli.command("train")
@click.argument("path", type=CSV)
def train(path: Path) -> None:
    """Train the routing model on a labelled CSV (text, department[, subject]) and make it the install's model."""
    examples = _read(path)
    started = time.perf_counter()
    try:
        model = routing_model.train(examples.documents, examples.labels, [str(path.resolve())])
    except routing_model.ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    target = routing_model.model_path(_runtime().settings.data_dir)
    routing_model.save(model, target)
    click.echo(f"trained on {len(examples)} messages in {time.perf_counter() - started:.1f} s; saved to {target}")
    for code, count in sorted(examples.counts().items(), key=lambda item: -item[1]):
        click.echo(f"  {count:6d}  {code}")


@router_cli.command("evaluate")
@click.argument("path", type=CSV)
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Default: ROUTER_CONFIDENCE_THRESHOLD.")
def evaluate_command(path: Path, threshold: float | None) -> None:
    """Score the install's model on a labelled CSV: accuracy, macro-F1, per department, and precision when sure."""
    settings = _runtime().settings
    try:
        model = routing_model.cached(settings.data_dir)
    except routing_model.ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    if model is None:
        raise click.ClickException("no routing model yet: train one with `flask --app app router train FILE.csv`")
    started = time.perf_counter()
    examples = _read(path)
    threshold = settings.router_confidence_threshold if threshold is None else threshold
    report = evaluate(model, examples, threshold, raw_seconds=time.perf_counter() - started)
    names = {d.code: f"{d.name_zh} ({d.code})" for d in _departments()}
    click.echo("\n".join(report.lines(names)))


@router_cli.command("retrain")
@click.option("--csv", "csv_files", multiple=True, type=CSV, help="Also learn from this labelled CSV (repeatable).")
@click.option("--force", is_flag=True, help="Save the new model even if it scores worse.")
def retrain_command(csv_files: tuple[Path, ...], force: bool) -> None:
    """Retrain from resolved cases and agents' transfers; replace the model only if the new one scores better."""
    runtime = _runtime()
    files = list(csv_files) or retrain.remembered_csv_files(runtime.settings.data_dir)
    try:
        with runtime.read_session() as session:
            examples = retrain.gather(session, files)
        outcome = retrain.retrain(
            examples, runtime.settings.data_dir, runtime.settings.router_confidence_threshold, files, force
        )
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


@router_cli.command("auto-assign")
@click.argument("code")
@click.argument("state", type=click.Choice(["on", "off"]))
def auto_assign(code: str, state: str) -> None:
    """Turn automatic assignment of a department's cases on or off."""
    with _runtime().session() as session:
        department = session.exec(select(Department).where(Department.code == code)).first()
        if department is None:
            raise click.ClickException(f"no department {code!r}; codes are in departments.toml")
        department.auto_assign = state == "on"
        session.add(department)
    click.echo(f"auto-assignment for {code} is {state}")


@router_cli.command("assign-waiting")
def assign_waiting() -> None:
    """Hand waiting cases to free agents now (the workers also do it every minute)."""
    with _runtime().session() as session:
        count = assign.assign_waiting(session)
    click.echo(f"{count} waiting case(s) assigned")
