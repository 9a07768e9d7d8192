"""`flask --app app open311 add-key|revoke-key`: API keys for Open311 GeoReport v2 clients."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import select

from web.open311 import keys
from web.open311.models import ApiKey

open311_cli = AppGroup("open311", help="API keys for Open311 GeoReport v2 clients.")


@open311_cli.command("add-key")
@click.argument("name")
def add_key(name: str) -> None:
    """Create an API key for an Open311 client and print it (it is stored only as a hash)."""
    with current_app.extensions["civicline"].session() as session:
        key = keys.create(session, name)
    click.echo(key)


@open311_cli.command("revoke-key")
@click.argument("name")
def revoke_key(name: str) -> None:
    """Switch off every key with this name."""
    with current_app.extensions["civicline"].session() as session:
        keys = session.exec(select(ApiKey).where(ApiKey.name == name)).all()
        for key in keys:
            key.active = False
            session.add(key)
    click.echo(f"{len(keys)} key(s) revoked")
