"""`flask --app app knowledge import FILE...`: load articles from CSV or Markdown files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from knowledge import formats, importer

knowledge_cli = AppGroup("knowledge", help="The knowledge base: import articles.")
SEED_DIR = Path(__file__).with_name("seed")


@knowledge_cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(files: tuple[Path, ...]) -> None:
    """Import articles; good ones are kept, bad ones are listed by line, and the exit status is 1 if any."""
    runtime = current_app.extensions["civicline"]
    failed = False
    for path in files:
        try:
            report = importer.import_text(runtime, path.name, path.read_text(encoding="utf-8-sig"))
        except (formats.FormatError, UnicodeDecodeError) as exc:
            click.echo(f"{path}: {exc}", err=True)
            failed = True
            continue
        click.echo(f"{path}: {report.created} created, {report.updated} updated, {len(report.problems)} with problems")
        for problem in report.problems:
            click.echo(f"{path}:{problem.line}: {problem.message}", err=True)
        failed = failed or bool(report.problems)
    if failed:
        raise SystemExit(1)


@knowledge_cli.command("seed")
def seed_command() -> None:
    """Import the sample county FAQ shipped in knowledge/seed (Chinese and English)."""
    click.get_current_context().invoke(import_command, files=tuple(sorted(SEED_DIR.glob("*.md"))))
