"""`flask --app app telegram poll | set-webhook`: run the bot without a public URL, or point Telegram at ours.

The poller asks getUpdates for updates and hands each one to the same parser
and the same intake (`channels.intake.take`) as the webhook. It confirms an update (by asking for the
next offset) only after it is stored, so a poller stopped at any moment loses
nothing: Telegram sends the unconfirmed updates again and intake drops repeats.
"""

from __future__ import annotations

import logging
import time
from typing import Any, cast

import click
from aiogram.exceptions import AiogramError
from aiogram.methods import GetUpdates
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from channels import intake, registry
from channels.base import ChannelError, WebhookError
from channels.telegram import api, receive
from core.runtime import Runtime

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "channel_post"]
telegram_cli = AppGroup("telegram", help="The Telegram bot: polling, webhook set-up.")


class GetRawUpdates(GetUpdates):
    """getUpdates returning the updates as Telegram sent them, so the poller parses exactly what a webhook gets.

    (With aiogram's typed result, one update it cannot read would fail the whole batch, again and again.)
    """

    __returning__ = list[dict[str, Any]]


class Poller:
    """getUpdates in a loop, remembering the next offset to confirm."""

    def __init__(self, runtime: Runtime, wait_seconds: int = 25):
        self.runtime = runtime
        self.wait_seconds = wait_seconds
        self.offset: int | None = None

    def poll_once(self) -> int:
        """Fetch one batch of updates, store and answer each; return how many arrived."""
        settings, wait = self.runtime.settings, self.wait_seconds
        method = GetRawUpdates(offset=self.offset, timeout=wait, allowed_updates=ALLOWED_UPDATES)
        # Dicts, as GetRawUpdates' __returning__ says; its type parameter is still GetUpdates' list of Update.
        updates = cast(list[dict[str, Any]], api.call(settings, lambda bot: bot(method, request_timeout=wait + 15)))
        for raw in updates:
            self.handle(raw)
            if isinstance(raw.get("update_id"), int):
                self.offset = raw["update_id"] + 1
        return len(updates)

    def confirm(self) -> None:
        """Tell Telegram everything fetched so far is stored (a getUpdates from the next offset does that)."""
        if self.offset is not None:
            method = GetRawUpdates(offset=self.offset, timeout=0, limit=1, allowed_updates=ALLOWED_UPDATES)
            api.call(self.runtime.settings, lambda bot: bot(method))

    def handle(self, raw: dict) -> None:
        """Do with one update exactly what the webhook does, then make the call a webhook answer would carry."""
        try:
            outcome = receive.parse(raw, self.runtime.settings)
        except WebhookError as exc:
            log.warning("skipped update %s: %s", raw.get("update_id"), exc.message)
            return
        reply = intake.take(self.runtime, receive.KIND, outcome)
        if reply.content_type == "application/json":
            try:
                api.perform_reply(self.runtime.settings, reply.body)
            except ChannelError as exc:  # a courtesy answer; the update itself is already safe
                log.warning("could not answer update %s: %s", raw.get("update_id"), exc.message)


@telegram_cli.command("poll")
@click.option("--once", is_flag=True, help="Fetch one batch, confirm it and stop (for cron, or to try it out).")
@click.option("--wait", default=25, show_default=True, help="Seconds Telegram may hold a getUpdates request open.")
def poll(once: bool, wait: int) -> None:
    """Fetch updates with getUpdates instead of a webhook (removes any webhook first: Telegram allows only one)."""
    runtime = _runtime()
    _call(runtime, lambda bot: bot.delete_webhook(drop_pending_updates=False))
    poller = Poller(runtime, 0 if once else wait)
    if once:
        try:
            count = poller.poll_once()
            poller.confirm()
        except AiogramError as exc:
            raise click.ClickException(f"Telegram refused: {exc}") from exc
        click.echo(f"{count} updates")
        return
    click.echo("polling Telegram for updates; Ctrl-C to stop")
    while True:
        try:
            poller.poll_once()
        except (AiogramError, OperationalError) as exc:
            log.warning("polling failed (%s); trying again in 5s", exc)
            time.sleep(5)


@telegram_cli.command("set-webhook")
@click.option("--url", help="Where Telegram should post updates (default: PUBLIC_URL/channels/telegram).")
def set_webhook(url: str | None) -> None:
    """Tell Telegram to post updates to this hotline, with TELEGRAM_WEBHOOK_SECRET as the secret token."""
    runtime = _runtime()
    settings = runtime.settings
    url = url or f"{settings.public_url}/channels/telegram"
    if not url.startswith("https://"):
        click.echo("note: Telegram only posts to https:// addresses (ports 443, 80, 88 or 8443)")
    if not settings.telegram_webhook_secret:
        click.echo("warning: TELEGRAM_WEBHOOK_SECRET is not set, so anyone who learns the URL can post updates")
    _call(
        runtime,
        lambda bot: bot.set_webhook(
            url, secret_token=settings.telegram_webhook_secret or None, allowed_updates=ALLOWED_UPDATES
        ),
    )
    click.echo(f"Telegram will post updates to {url}")


def _runtime() -> Runtime:
    runtime = current_app.extensions["civicline"]
    channel = registry.get(runtime.channels, receive.KIND)
    if channel is None or not channel.enabled:
        raise click.ClickException("the Telegram channel is off: set TELEGRAM_BOT_TOKEN (from BotFather)")
    return runtime


def _call(runtime: Runtime, work) -> None:
    try:
        api.call(runtime.settings, work)
    except AiogramError as exc:
        raise click.ClickException(f"Telegram refused: {exc}") from exc
