"""`flask --app app telegram poll | set-webhook`: run the bot without a public URL, or point Telegram at ours.

The poller asks getUpdates for updates and hands each one to the same parser
and the same intake as the webhook. It confirms an update (by asking for the
next offset) only after it is stored, so a poller stopped at any moment loses
nothing: Telegram sends the unconfirmed updates again and intake drops repeats.
"""

from __future__ import annotations

import logging
import time

import click
from aiogram.exceptions import AiogramError
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from channels import intake, telegram_bot, telegram_updates
from channels.base import ChannelError, Received, WebhookError
from core.runtime import Runtime

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "channel_post"]
telegram_cli = AppGroup("telegram", help="The Telegram bot: polling, webhook set-up.")


class Poller:
    """getUpdates in a loop, remembering the next offset to confirm."""

    def __init__(self, runtime: Runtime, wait_seconds: int = 25):
        self.runtime = runtime
        self.wait_seconds = wait_seconds
        self.offset: int | None = None

    def poll_once(self) -> int:
        """Fetch one batch of updates, store and answer each; return how many arrived."""
        settings, wait = self.runtime.settings, self.wait_seconds
        updates = telegram_bot.call(
            settings,
            lambda bot: bot.get_updates(
                offset=self.offset, timeout=wait, allowed_updates=ALLOWED_UPDATES, request_timeout=wait + 15
            ),
        )
        for update in updates:
            self.handle(update.model_dump(mode="json", exclude_none=True, by_alias=True))
            self.offset = update.update_id + 1
        return len(updates)

    def handle(self, raw: dict) -> None:
        """Do with one update exactly what the webhook does, then make the call a webhook answer would carry."""
        try:
            outcome = telegram_updates.parse(raw, self.runtime.settings)
        except WebhookError as exc:
            log.warning("skipped update %s: %s", raw.get("update_id"), exc.message)
            return
        if isinstance(outcome, Received):
            intake.accept(self.runtime, outcome.contacts)
        else:
            log.info("ignored telegram update %s: %s", raw.get("update_id"), outcome.reason)
        if outcome.reply.content_type == "application/json":
            try:
                telegram_bot.perform_reply(self.runtime.settings, outcome.reply.body)
            except ChannelError as exc:  # a courtesy answer; the update itself is already safe
                log.warning("could not answer update %s: %s", raw.get("update_id"), exc.message)


@telegram_cli.command("poll")
@click.option("--once", is_flag=True, help="Fetch one batch and stop (for cron, or to try it out).")
@click.option("--wait", default=25, show_default=True, help="Seconds Telegram may hold a getUpdates request open.")
def poll(once: bool, wait: int) -> None:
    """Fetch updates with getUpdates instead of a webhook (removes any webhook first: Telegram allows only one)."""
    runtime = _runtime()
    _call(runtime, lambda bot: bot.delete_webhook(drop_pending_updates=False))
    poller = Poller(runtime, 0 if once else wait)
    click.echo("polling Telegram for updates; Ctrl-C to stop")
    while True:
        try:
            count = poller.poll_once()
        except (AiogramError, OperationalError) as exc:
            if once:
                raise click.ClickException(str(exc)) from exc
            log.warning("polling failed (%s); trying again in 5s", exc)
            time.sleep(5)
            continue
        if once:
            click.echo(f"{count} updates")
            return


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
    if not runtime.channels["telegram"].enabled:
        raise click.ClickException("the Telegram channel is off: set TELEGRAM_BOT_TOKEN (from BotFather)")
    return runtime


def _call(runtime: Runtime, work) -> None:
    try:
        telegram_bot.call(runtime.settings, work)
    except AiogramError as exc:
        raise click.ClickException(f"Telegram refused: {exc}") from exc
