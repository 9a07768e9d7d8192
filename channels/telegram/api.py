"""aiogram's `Bot` from synchronous code: the API server from settings, Bot API errors as ChannelError.

The worker is synchronous and sends from a thread pool. Every call is handed to
one event loop running in a background thread of the process, where one `Bot`
per token and API server keeps its HTTP connections open: the pool's threads
then share connections instead of each paying for a new session (aiogram waits
250 ms when closing one; bench/telegram_send.py shows the difference).
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import json
import os
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.exceptions import (
    AiogramError,
    ClientDecodeError,
    TelegramAPIError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove
from aiohttp import ClientError, ClientResponseError

from channels.base import ChannelError
from core.config import Settings

T = TypeVar("T")
REQUEST_TIMEOUT = 30
DOWNLOAD_TIMEOUT = 120
CALL_DEADLINE = 300  # a backstop only: aiohttp's own timeouts end every call long before
MAX_BOTS = 4
MAX_MESSAGE_CHARS = 4096  # the Bot API's limit for one text message
# Webhook answers the poller performs itself (Telegram performs them for a webhook).
_REPLY_METHODS = {"sendMessage": SendMessage, "answerCallbackQuery": AnswerCallbackQuery}


class FileTooLarge(Exception):
    """A file is over MEDIA_MAX_BYTES; it is refused rather than kept in part."""

    def __init__(self, size: int | None):
        super().__init__(f"file of {size or 'unknown'} bytes is over the limit")
        self.size = size


def api_server(settings: Settings) -> TelegramAPIServer:
    """Return the Bot API server: TELEGRAM_API_SERVER (a local Bot API server, a test server) or Telegram's."""
    return TelegramAPIServer.from_base(settings.telegram_api_server) if settings.telegram_api_server else PRODUCTION


def call(settings: Settings, work: Callable[[Bot], Awaitable[T]]) -> T:
    """Run `work(bot)` on the process's Bot API loop and wait for its result (safe from any thread)."""
    loop = _BotLoop.get()
    future = asyncio.run_coroutine_threadsafe(loop.run(settings, work), loop.loop)
    try:
        return future.result(timeout=CALL_DEADLINE)
    except concurrent.futures.TimeoutError:
        future.cancel()
        raise ChannelError(f"Telegram call still running after {CALL_DEADLINE}s") from None


class _BotLoop:
    """An event loop in a daemon thread, with one Bot per (token, API server), made once per process."""

    _instance: _BotLoop | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        self.bots: dict[tuple[str, str], Bot] = {}
        threading.Thread(target=self.loop.run_forever, name="telegram-bot-api", daemon=True).start()
        atexit.register(self.close)

    @classmethod
    def get(cls) -> _BotLoop:
        with cls._lock:
            if cls._instance is None or cls._instance.pid != os.getpid():  # a forked child needs its own thread
                cls._instance = cls()
            return cls._instance

    async def run(self, settings: Settings, work: Callable[[Bot], Awaitable[T]]) -> T:
        key = (settings.telegram_bot_token, settings.telegram_api_server)
        bot = self.bots.get(key)
        if bot is None:
            if len(self.bots) >= MAX_BOTS:  # settings changed (tests, a new token): drop the oldest
                await self.bots.pop(next(iter(self.bots))).session.close()
            session = AiohttpSession(api=api_server(settings), timeout=REQUEST_TIMEOUT)
            bot = self.bots[key] = Bot(settings.telegram_bot_token, session=session)
        return await work(bot)

    def close(self) -> None:
        """Close the HTTP sessions and stop the loop (at interpreter exit)."""

        async def close_all() -> None:
            for bot in self.bots.values():
                await bot.session.close()

        if self.loop.is_running():
            asyncio.run_coroutine_threadsafe(close_all(), self.loop).result(timeout=5)
            self.loop.call_soon_threadsafe(self.loop.stop)


def channel_error(exc: AiogramError) -> ChannelError:
    """Classify a Bot API failure: rate limits wait, server and network trouble retry, the rest is permanent."""
    if isinstance(exc, TelegramRetryAfter):
        return ChannelError(f"Telegram rate limit: {exc.message}", retry_after=float(exc.retry_after))
    if isinstance(exc, TelegramServerError | TelegramNetworkError | ClientDecodeError):
        return ChannelError(f"Telegram unreachable: {exc}")
    # 400 (chat not found), 401 (bad token), 403 (bot blocked by the user): retrying cannot help.
    return ChannelError(f"Telegram refused: {exc}", permanent=True)


def send_text(settings: Settings, chat_id: int, text: str, options: dict) -> str:
    """Send a text (in several messages when longer than Telegram allows) and return the first message's id."""
    markup, parts = reply_markup(options), split_text(text)
    try:
        ids = call(settings, lambda bot: _send_parts(bot, chat_id, parts, markup))
    except AiogramError as exc:
        raise channel_error(exc) from exc
    return f"{chat_id}:{ids[0]}"


async def _send_parts(bot: Bot, chat_id: int, parts: list[str], markup) -> list[int]:
    ids = []
    for index, part in enumerate(parts):
        keyboard = markup if index == len(parts) - 1 else None  # buttons belong under the last part
        ids.append((await bot.send_message(chat_id, part, reply_markup=keyboard)).message_id)
    return ids


def split_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Cut a long text into messages Telegram accepts, at line breaks where possible."""
    parts = []
    while len(text) > limit:
        cut = text.rfind("\n", limit // 2, limit)
        cut = cut if cut > 0 else limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*parts, text]


def reply_markup(options: dict) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None:
    """Build the keyboard stored with an outbound message (inline buttons, a reply keyboard, or its removal)."""
    markup = options.get("reply_markup")
    if not markup:
        return None
    if "inline_keyboard" in markup:
        return InlineKeyboardMarkup.model_validate(markup)
    if "keyboard" in markup:
        return ReplyKeyboardMarkup.model_validate(markup)
    return ReplyKeyboardRemove.model_validate(markup)


def perform_reply(settings: Settings, body: str) -> None:
    """Make the Bot API call a webhook answer carries (for the poller, which has no webhook to answer)."""
    data = json.loads(body)
    method = _REPLY_METHODS[data.pop("method")]
    try:
        call(settings, lambda bot: bot(method(**data)))
    except AiogramError as exc:
        raise channel_error(exc) from exc


def download(settings: Settings, file_id: str, folder: Path, name: str, limit: int) -> tuple[Path, int]:
    """Fetch a file through getFile into `folder`; return (path, size); raise FileTooLarge or ChannelError."""
    try:
        return call(settings, lambda bot: _download(bot, file_id, folder, name, limit))
    except ClientResponseError as exc:
        raise ChannelError(f"file download answered {exc.status}", permanent=400 <= exc.status < 500) from exc
    except (ClientError, TimeoutError) as exc:
        raise ChannelError(f"file download failed: {exc}") from exc
    except TelegramAPIError as exc:
        raise channel_error(exc) from exc


async def _download(bot: Bot, file_id: str, folder: Path, name: str, limit: int) -> tuple[Path, int]:
    remote = await bot.get_file(file_id)
    if remote.file_size and remote.file_size > limit:
        raise FileTooLarge(remote.file_size)
    if not remote.file_path:
        raise ChannelError("Telegram gave no path for the file", permanent=True)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name + Path(remote.file_path).suffix.lower()[:10])
    partial = target.with_name(target.name + ".part")
    try:
        size = await _stream(bot, bot.session.api.file_url(bot.token, remote.file_path), partial, limit)
    except BaseException:
        partial.unlink(missing_ok=True)  # a refused or broken download leaves nothing behind
        raise
    partial.replace(target)
    return target, size


async def _stream(bot: Bot, url: str, destination: Path, limit: int) -> int:
    size = 0
    with open(destination, "wb") as out:
        async for chunk in bot.session.stream_content(url, timeout=DOWNLOAD_TIMEOUT, raise_for_status=True):
            size += len(chunk)
            if size > limit:  # Telegram may not say the size up front: stop as soon as it is too much
                raise FileTooLarge(None)
            out.write(chunk)
    return size
