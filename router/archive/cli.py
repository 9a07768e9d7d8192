"""`flask --app app history import FILE`: bring an existing hotline's past tickets in, and learn from them.

The command shows how it read the file (which column is which, the first rows,
the departments) before it writes anything; `--preview` stops there. Every row
is checked with a progress bar; refused rows are listed by line, and by default
nothing is stored when any is refused. `--train` then retrains the router
(`router retrain`) with the imported tickets among its examples.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from core import localtime
from router.archive import importing, reading
from router.archive.reading import FIELDS, Table

history_cli = AppGroup("history", help="Past tickets from the hotline's previous system.")
SHOWN = 5  # rows shown in the preview
LISTED = 30  # refused rows listed before "and N more"


@history_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--column", "columns", multiple=True, metavar="FIELD=NAME",
              help=f"Name the file's column for a field ({', '.join(FIELDS)}); repeatable.")  # fmt: skip
@click.option("--preview", is_flag=True, help="Show how the file reads and what would be imported; write nothing.")
@click.option("--skip-bad", is_flag=True, help="Store the good rows even when some are refused.")
@click.option("--train", is_flag=True, help="Retrain the router afterwards, with the imported tickets.")
@click.pass_context
def import_command(
    ctx: click.Context, path: Path, columns: tuple[str, ...], preview: bool, skip_bad: bool, train: bool
) -> None:
    """Import past tickets from a CSV or Excel file (text and department columns at least)."""
    named = dict(column_pair(item) for item in columns)
    try:
        table = reading.read(path, named)
    except reading.TableError as exc:
        raise click.ClickException(str(exc)) from exc
    _show_reading(table)
    runtime = current_app.extensions["civicline"]
    with runtime.session() as session:
        with click.progressbar(length=len(table.rows), label="checking rows") as bar:
            plan = importing.plan(
                session, table, path.name, localtime.zone(runtime.settings.hotline_timezone), bar.update
            )
        _show_plan(plan)
        if plan.bad and not skip_bad:
            session.rollback()
            raise click.ClickException(
                f"{len(plan.bad)} of {plan.rows} rows refused: nothing imported. "
                "Fix them and import again, or add --skip-bad to import the other rows."
            )
        if preview:
            click.echo("preview only: nothing imported")
            return
        stored, already = importing.store(session, plan)
    click.echo(
        f"imported {stored} tickets from {path.name}" + (f" ({already} were already imported)" if already else "")
    )
    if train:
        router_group = current_app.cli.get_command(ctx, "router")
        retrain = router_group.get_command(ctx, "retrain") if isinstance(router_group, click.Group) else None
        if retrain is None:
            raise click.ClickException("this install has no `router retrain` command")
        ctx.invoke(retrain)


def column_pair(item: str) -> tuple[str, str]:
    field, sep, name = item.partition("=")
    if not sep or not field.strip() or not name.strip():
        raise click.BadParameter(f"{item!r}: write it as FIELD=column name, e.g. text=诉求内容", param_hint="--column")
    return field.strip(), name.strip()


def _show_reading(table: Table) -> None:
    click.echo(f"{len(table.rows)} rows; columns read as:")
    for field in FIELDS:
        index = table.columns.get(field)
        click.echo(f"  {field:10s} ← {table.headers[index] if index is not None else '(none)'}")
    for line, cells in table.rows[:SHOWN]:
        department, text = table.value(cells, "department"), table.value(cells, "text")
        click.echo(f"  line {line}: [{department}] {text[:60]}")


def _show_plan(plan: importing.Plan) -> None:
    click.echo(f"{len(plan.good)} rows can be imported, {len(plan.bad)} refused")
    for code, count in plan.departments.most_common():
        click.echo(f"  {count:7d}  {code}")
    for line, reason in plan.bad[:LISTED]:
        click.echo(f"  line {line}: {reason}", err=True)
    if len(plan.bad) > LISTED:
        click.echo(f"  … and {len(plan.bad) - LISTED} more", err=True)
