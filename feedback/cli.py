"""Commands beside the data they touch: `history generate` (synthetic cases) and `metrics refresh`."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from core.runtime import current
from feedback import rollup, synthetic

history_cli = AppGroup("history", help="Synthetic case history for demos and benchmarks.")
metrics_cli = AppGroup("metrics", help="The dashboard's daily figures.")


@history_cli.command("generate")
@click.option("--cases", type=click.IntRange(1, 5_000_000), default=10_000, show_default=True)
@click.option("--days", type=click.IntRange(1, 3 * 366), default=365, show_default=True)
@click.option("--agents", type=click.IntRange(0, 1000), default=40, show_default=True)
@click.option("--seed", type=int, default=12345, show_default=True)
def generate(cases: int, days: int, agents: int, seed: int) -> None:
    """Write CASES synthetic cases spread over the last DAYS days, then bring the dashboard figures up to date."""
    runtime = current_app.extensions["civicline"]
    started = time.perf_counter()
    with click.progressbar(length=cases, label="cases") as bar:
        last = [0]

        def progress(done: int, _total: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        try:
            synthetic.generate(
                runtime.engine, synthetic.Plan(cases=cases, days=days, agents=agents, seed=seed), progress=progress
            )
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{cases} cases written in {time.perf_counter() - started:.0f}s; refreshing the dashboard figures…")
    days_done = rollup.refresh(runtime.engine, runtime.settings.report_utc_offset_hours, full=True)
    click.echo(f"{days_done} days of figures ready")


@metrics_cli.command("refresh")
@click.option("--full", is_flag=True, help="Recompute every day, not only the days whose cases changed.")
def refresh(full: bool) -> None:
    """Recompute the dashboard's daily figures (the workers also do this every minute)."""
    runtime = current_app.extensions["civicline"]
    days = rollup.refresh(runtime.engine, runtime.settings.report_utc_offset_hours, full=full)
    click.echo(f"{days} days recomputed")


def refresh_rollup_job() -> int:
    """Bring the daily figures up to date (the periodic rq job)."""
    runtime = current()
    return rollup.refresh(runtime.engine, runtime.settings.report_utc_offset_hours)
