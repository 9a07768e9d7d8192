"""`flask --app app users create-admin NAME`: the first account, made from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import select

from staff import passwords
from staff.models import User

users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create-admin")
@click.argument("username")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 12 characters, not a common password.",
)
@click.option("--language", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def create_admin(username: str, password: str, language: str) -> None:
    """Create an admin account (or reset an existing user to admin with this password)."""
    try:
        password_hash = passwords.hash_password(password, username)
    except passwords.WeakPassword as exc:
        raise click.ClickException(str(exc)) from exc
    with current_app.extensions["civicline"].session() as session:
        user = session.exec(select(User).where(User.username == username)).first()
        user = user or User(username=username, password_hash="", language=language)
        user.password_hash, user.role, user.active = password_hash, "admin", True
        user.end_sessions()  # a reset password signs out whoever had the old one
        session.add(user)
    click.echo(f"admin {username!r} can now sign in at /signin")
