"""Operator commands: `serve` (everything on one machine), `db upgrade`, `departments import` and `export`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import click
from flask import current_app
from flask.cli import AppGroup

from core import queues, redis_server
from staff import catalogue
from wiring import bootstrap, migrate

ROOT = Path(__file__).resolve().parent.parent


@click.command("serve")
@click.option("--workers", default=2, show_default=True, help="rq worker processes.")
@click.option("--web-workers", default=2, show_default=True, help="gunicorn web processes.")
@click.option(
    "--bind", default=None, envvar="WEB_BIND", help="host:port to listen on (default: WEB_BIND, else PUBLIC_URL's)."
)
def serve(workers: int, web_workers: int, bind: str | None) -> None:
    """Run the web app and the workers together, sharing this install's database and Redis."""
    runtime = current_app.extensions["civicline"]
    settings = runtime.settings
    parsed = urlparse(settings.public_url)
    bind = bind or f"{parsed.hostname}:{parsed.port or 80}"
    # The embedded Redis outlives whoever started it; if `serve` started it, `serve` stops it too.
    own_redis = not settings.redis_url and not redis_server.is_running(settings.data_dir)
    env = dict(os.environ, CIVICLINE_DATA_DIR=str(settings.data_dir.resolve()), REDIS_URL=queues.redis_url(settings))
    children = [subprocess.Popen([sys.executable, str(ROOT / "worker.py")], env=env, cwd=ROOT) for _ in range(workers)]
    children.append(
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(web_workers),
                # Threads, so that a page's live stream (web.live) holds a thread and not a whole process.
                "--worker-class",
                "gthread",
                "--threads",
                "16",
                "--bind",
                bind,
                "--access-logfile",
                "-",
                "--log-level",
                "warning",
                "app:create_app()",
            ],
            env=env,
            cwd=ROOT,
        )
    )
    _banner(settings, bind, workers)
    watching = threading.Event()
    if not settings.redis_url:  # the embedded default: nobody else would restart it
        threading.Thread(target=redis_server.watch, args=(settings.data_dir, watching), daemon=True).start()
    try:
        _wait(children)
    finally:
        watching.set()
        if own_redis:
            redis_server.stop_embedded(settings.data_dir)


def _banner(settings, bind: str, workers: int) -> None:
    click.echo(f"\nCivicLine is running at http://{bind}  (public URL: {settings.public_url})")
    click.echo(f"  data directory: {settings.data_dir.resolve()}   workers: {workers}")
    click.echo(f"  API token: {settings.api_token}")
    click.echo(
        f"  Staff sign-in: http://{bind}/signin  (first admin: .venv/bin/flask --app app users create-admin NAME)"
    )
    for line in bootstrap.report_channels(current_app.extensions["civicline"]):
        click.echo(f"  {line}")
    if settings.sms_sandbox:
        click.echo("  SMS sandbox: no Twilio account set; replies are kept at /sandbox/outbox")
        click.echo('  Try it:  .venv/bin/flask --app app simulate sms +8613800138000 "村口的路灯坏了三天了"')
    click.echo("Press Ctrl-C to stop.\n")


def _wait(children: list[subprocess.Popen]) -> None:
    def stop(*_args) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, lambda *_: stop())
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


db_cli = AppGroup("db", help="The database schema.")


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations (also done at every start)."""
    settings = current_app.extensions["civicline"].settings
    migrate.upgrade(settings.effective_database_url, settings.data_dir)
    click.echo("database is at the newest schema")


departments_cli = AppGroup("departments", help="The department catalogue.")


@departments_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def departments_import(path: Path) -> None:
    """Replace the catalogue in the database with a TOML file (departments not in it are deactivated)."""
    runtime = current_app.extensions["civicline"]
    try:
        specs = catalogue.load(path)
    except catalogue.CatalogueError as exc:
        raise click.ClickException(str(exc)) from exc
    with runtime.session() as session:
        catalogue.sync(session, specs)
    click.echo(f"{len(specs)} departments loaded from {path}")


# The old name, from when every start re-read the file: it now does only what `import` does.
departments_cli.add_command(departments_import, "sync")


@departments_cli.command("export")
@click.argument("path", required=False, type=click.Path(dir_okay=False, writable=True, path_type=Path))
def departments_export(path: Path | None) -> None:
    """Write the catalogue as the database holds it to PATH (or print it), to keep or to import elsewhere."""
    with current_app.extensions["civicline"].read_session() as session:
        text = catalogue.dump(session)
    if path is None:
        click.echo(text, nl=False)
    else:
        path.write_text(text, encoding="utf-8")
        click.echo(f"catalogue written to {path}")
