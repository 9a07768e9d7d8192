"""Operator commands for routing: `flask --app app router train|evaluate|auto-assign`.

The group's commands that learn from or act on cases (`retrain`, `assign-waiting`) live in
`feedback.cases.cli`; the application adds them to this group.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import select

from router.model import classifier as routing_model
from router.model import published, retrain, training
from router.model.evaluation import evaluate
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
        report = retrain.held_out_report(examples, _runtime().settings.router_confidence_threshold)
        model = routing_model.train(examples.documents, examples.labels, [str(path.resolve())])
    except routing_model.ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    model.trained_on, model.evaluation = dict(Counter(examples.sources)), asdict(report)
    version = published.publish(_runtime(), model, "train")
    seconds = time.perf_counter() - started
    click.echo(f"trained on {len(examples)} messages in {seconds:.1f} s; published as version {version}")
    for code, count in sorted(examples.counts().items(), key=lambda item: -item[1]):
        click.echo(f"  {count:6d}  {code}")
    click.echo(f"on a fifth held out from training: macro-F1 {report.macro_f1:.3f}, accuracy {report.accuracy:.3f}")


@router_cli.command("evaluate")
@click.argument("path", type=CSV)
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Default: ROUTER_CONFIDENCE_THRESHOLD.")
def evaluate_command(path: Path, threshold: float | None) -> None:
    """Score the install's model on a labelled CSV: accuracy, macro-F1, per department, and precision when sure."""
    settings = _runtime().settings
    try:
        model = published.active_model(_runtime())
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


@router_cli.command("versions")
def versions_command() -> None:
    """List the published routing models, newest first, marking the active one."""
    rows = published.versions(_runtime(), limit=20)
    if not rows:
        click.echo("no routing model has been published yet")
    for row in rows:
        mark = "*" if row.active else " "
        click.echo(
            f"{mark} {row.id:4d}  published {row.published_at:%Y-%m-%d %H:%M} UTC by {row.published_by}; "
            f"{row.examples} examples, {row.departments} departments"
        )


@router_cli.command("rollback")
def rollback_command() -> None:
    """Make the version before the active one the install's model again (every process follows within a minute)."""
    try:
        number = published.rollback(_runtime())
    except routing_model.ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"version {number} is active again; every web process and worker routes with it within a minute")


@router_cli.command("publish")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def publish_command(path: Path) -> None:
    """Make a model file (e.g. trained elsewhere) the install's model; a damaged or incompatible file is refused."""
    try:
        number = published.publish_file(_runtime(), path, "publish")
    except routing_model.ModelError as exc:
        raise click.ClickException(f"refused, the active model stays: {exc}") from exc
    click.echo(f"published as version {number}")


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
