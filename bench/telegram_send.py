"""`python -m bench.telegram_send`: what the Telegram adapter costs on this machine.

Prints (1) how many updates a second `channels.telegram_updates.parse` turns
into contacts (the webhook's and the poller's CPU work), and (2) how many replies
a second `TelegramChannel.send` pushes through aiogram to a local Bot API server
from the outbound job's thread pool, with per-message latency. Each send runs
on its own short-lived event loop and HTTP session (see channels/telegram_bot.py),
so (2) shows what that choice costs. Bounded: a few thousand parses, a few
hundred sends.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from channels.base import OutboundMessage
from channels.telegram.channel import TelegramChannel
from channels.telegram.receive import parse
from core.config import Settings
from jobs.outbound import SEND_THREADS
from tests.helpers.fakes import telegram_api

TOKEN = "7000000001:AAH-bench-token"
REPLY = "【12345】您的诉求已受理，工单号 123456789。"
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "telegram"


def bench_parse(settings: Settings, count: int) -> float:
    """Return updates parsed per second over the recorded fixtures."""
    names = ("text", "photo", "voice", "callback_query", "edited_message", "long_text")
    updates = [json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")) for name in names]
    started = time.perf_counter()
    for index in range(count):
        parse(updates[index % len(updates)], settings)
    return count / (time.perf_counter() - started)


def bench_send(settings: Settings, count: int) -> tuple[float, list[float]]:
    """Return (messages per second, per-message latencies in ms) for sends from the outbound thread pool."""
    channel = TelegramChannel(settings)

    def send(index: int) -> float:
        started = time.perf_counter()
        channel.send(OutboundMessage(index, f"telegram:{100000 + index}", REPLY))
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(SEND_THREADS) as pool:
        latencies = list(pool.map(send, range(count)))
    return count / (time.perf_counter() - started), latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parses", type=int, default=5000)
    parser.add_argument("--sends", type=int, default=400)
    args = parser.parse_args()
    server, state = telegram_api.serve(TOKEN)
    with server:
        settings = Settings(telegram_bot_token=TOKEN, telegram_api_server=server.url)
        print(f"parse: {bench_parse(settings, args.parses):,.0f} updates/s ({args.parses} updates, one core)")
        rate, latencies = bench_send(settings, args.sends)
        cuts = statistics.quantiles(latencies, n=100)
        print(
            f"send:  {rate:,.0f} messages/s with {SEND_THREADS} threads ({args.sends} messages); "
            f"latency p50 {cuts[49]:.1f} ms, p99 {cuts[98]:.1f} ms; delivered {len(state.sent())}"
        )


if __name__ == "__main__":
    main()
