"""`flask --app app hotspots mine FILE`: the hot-spot mining of the supervisors' page, run on a file of messages.

This is how an analyst checks the mining against a known answer (a public
competition's hot-issue task, or last year's report), and how a new site sees
what its past messages were about before it has cases of its own.
"""

from __future__ import annotations

import csv
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from core import localtime
from core.clock import utcnow
from feedback.hotspots import reading
from feedback.hotspots.mining import mine
from router.archive.cli import column_pair

hotspots_cli = AppGroup("hotspots", help="Find what many citizens report about one place.")


@hotspots_cli.command("mine")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 1000), help="How many to print.")
@click.option(
    "--minimum", default=2, show_default=True, type=click.IntRange(2, 10_000), help="Messages a hot spot needs."
)
@click.option("--members", "members_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the members of every hot spot printed as CSV (rank, heat, id).")  # fmt: skip
@click.option("--column", "columns", multiple=True, metavar="FIELD=NAME",
              help=f"Name the file's column for a field ({', '.join(reading.NAMES)}); repeatable.")  # fmt: skip
def mine_command(path: Path, top: int, minimum: int, members_path: Path | None, columns: tuple[str, ...]) -> None:
    """Mine a CSV or XLSX of messages (id,time,subject,text[,support,against]) and print the hottest spots."""
    named = dict(column_pair(column) for column in columns)
    zone = localtime.zone(current_app.extensions["civicline"].settings.hotline_timezone)
    label = localtime.label(localtime.local(utcnow(), zone))
    try:
        found = reading.messages(path, zone, named)
    except reading.MessagesError as exc:
        raise click.ClickException(str(exc)) from exc
    spots = mine(found, minimum)[:top]
    click.echo(f"{len(found)} messages, {len(spots)} hot spots shown (times in {label})")
    for rank, spot in enumerate(spots, start=1):
        first, last = (moment.astimezone(zone).strftime("%Y-%m-%d") for moment in (spot.first, spot.last))
        click.echo(
            f"{rank:3d}. heat {spot.heat:6.2f}  {len(spot.members)} messages  {first} – {last}  {spot.place or '—'}"
        )
        click.echo(f"     {spot.description}")
        click.echo(f"     ids: {' '.join(m.id for m in spot.members)}")
    if members_path is not None:
        with members_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["rank", "heat", "id"])
            for rank, spot in enumerate(spots, start=1):
                writer.writerows([rank, spot.heat, m.id] for m in spot.members)
        click.echo(f"members written to {members_path}")
