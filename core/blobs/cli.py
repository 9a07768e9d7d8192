"""`flask blobs status` and `flask blobs migrate`: where files live, and moving a host's files into shared storage."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from core.blobs import migrate
from core.blobs.base import BlobError
from core.blobs.choose import backend_name
from core.blobs.local import LocalBlobs

blobs_cli = AppGroup("blobs", help="Blob storage: media, mail sources and routing models.")


@blobs_cli.command("status")
def status() -> None:
    """Say which backend is in use and how many files wait on this host's disk."""
    runtime = current_app.extensions["civicline"]
    click.echo(f"blob store: {backend_name(runtime.settings)}")
    if runtime.blobs.name != "local":
        left = sum(1 for _ in migrate.pending(LocalBlobs(runtime.settings.data_dir), runtime.blobs))
        click.echo(f"files on this host not yet in the store: {left} (copy them with `flask blobs migrate`)")


@blobs_cli.command("migrate")
def migrate_command() -> None:
    """Copy this host's media and models from the data directory into the configured store (run on every host)."""
    runtime = current_app.extensions["civicline"]
    if runtime.blobs.name == "local":
        raise click.ClickException("BLOB_STORE is the data directory already: set BLOB_STORE (or DATABASE_URL) first")
    source = LocalBlobs(runtime.settings.data_dir)
    keys = list(migrate.pending(source, runtime.blobs))
    if not keys:
        click.echo("nothing to copy: every local file is in the store")
        return
    try:
        with click.progressbar(length=len(keys), label=f"copying {len(keys)} files", show_pos=True) as bar:
            total = migrate.copy(source, runtime.blobs, keys, lambda _key, _size: bar.update(1))
    except BlobError as exc:
        raise click.ClickException(f"stopped: {exc}; run the command again to go on where it stopped") from exc
    click.echo(f"copied {len(keys)} files ({total / (1024 * 1024):.1f} MB) into {runtime.blobs.name}")
