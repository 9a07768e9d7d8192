"""`python -m bench.outreach`: notices to segments — queueing, pacing, consent mid-send, and a killed sender.

On a scratch SQLite install with an embedded Redis and the tests' local Twilio
Messages API (in this process, noting when each message arrives), it prints:

1. how long writing the recipient rows of a 100,000-citizen notice takes;
2. the actual SMS rate against OUTREACH_SMS_PER_SECOND, two senders sharing the Redis token bucket;
3. messages that reached a citizen after they opted out, when half the segment opts out mid-send (target 0);
4. duplicate messages when a sender process is SIGKILLed mid-notice and another finishes it (target 0);
5. against the tests' local Telegram Bot API: the bot's actual rate against OUTREACH_TELEGRAM_PER_SECOND
   (one notice to many chats), and each chat's against OUTREACH_TELEGRAM_CHAT_PER_SECOND (several notices
   sending at once to the same few chats), two senders sharing the buckets.

    python -m bench.outreach                    # 100,000 queued; 200 paced at 20/s; Telegram 300 at 30/s, 1/s a chat
    python -m bench.outreach --citizens 20000 --rate 10 --paced 100 --telegram-paced 150
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
SID = "AC" + "d" * 32
TOKEN = "bench-auth-token-" + "e" * 16
HOTLINE = "+8612345000000"


def _settings(data_dir: Path, redis_url: str, twilio_url: str, rate: float, telegram_url: str = "",
              telegram_rate: float = 30.0, chat_rate: float = 1.0):  # fmt: skip
    from core.config import Settings
    from tests.helpers.telegram import BOT_TOKEN, WEBHOOK_SECRET

    return Settings(
        data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'civicline.sqlite3'}", redis_url=redis_url,
        secret_key="bench", api_token="bench", twilio_account_sid=SID, twilio_auth_token=TOKEN,
        twilio_from_number=HOTLINE, twilio_api_base_url=twilio_url, outreach_sms_per_second=rate,
        outreach_quiet_hours="", telegram_bot_token=BOT_TOKEN if telegram_url else "",
        telegram_webhook_secret=WEBHOOK_SECRET, telegram_api_server=telegram_url,
        outreach_telegram_per_second=telegram_rate, outreach_telegram_chat_per_second=chat_rate,
    )  # fmt: skip


def _citizens(runtime, count: int, township: str, start: int) -> None:
    """Insert `count` citizens of a township with a phone each (Core executemany: this is set-up, not measured)."""
    from core.clock import utcnow
    from core.db import table_of
    from router.identity.models import Citizen, Identity

    citizens, identities, now = table_of(Citizen), table_of(Identity), utcnow()
    with runtime.session() as session:
        first = (session.execute(select(citizens.c.id).order_by(citizens.c.id.desc())).scalar() or 0) + 1
        for chunk in range(0, count, 10_000):
            size = min(10_000, count - chunk)
            rows = [{"id": first + chunk + i, "township": township, "language": "zh", "created_at": now,
                     "updated_at": now} for i in range(size)]  # fmt: skip
            session.execute(insert(citizens), rows)
            session.execute(insert(identities), [
                {"urn": f"tel:+86139{start + chunk + i:08d}", "scheme": "tel", "citizen_id": first + chunk + i,
                 "shared": False, "created_at": now} for i in range(size)])  # fmt: skip


def _telegram_citizens(runtime, count: int, township: str, start: int) -> None:
    """Insert `count` citizens of a township reachable only in Telegram, one chat each."""
    from core.clock import utcnow
    from core.db import table_of
    from router.identity.models import Citizen, Identity

    citizens, identities, now = table_of(Citizen), table_of(Identity), utcnow()
    with runtime.session() as session:
        first = (session.execute(select(citizens.c.id).order_by(citizens.c.id.desc())).scalar() or 0) + 1
        session.execute(insert(citizens), [{"id": first + i, "township": township, "language": "zh",
                                            "created_at": now, "updated_at": now} for i in range(count)])  # fmt: skip
        session.execute(insert(identities), [
            {"urn": f"telegram:{start + i}", "scheme": "telegram", "citizen_id": first + i, "shared": False,
             "created_at": now} for i in range(count)])  # fmt: skip


def _rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else 0.0


def telegram_runs(runtime, telegram, paced: int, chats: int, notices: int) -> None:
    """The bot's rate over one notice to `paced` chats; each chat's rate over `notices` notices to `chats` chats."""
    settings = runtime.settings
    _telegram_citizens(runtime, paced, "电报村", 800_000_000)
    _begin(runtime, _notice(runtime, "电报村"))
    before = len(telegram.sent_at)
    _send_until_done(runtime)
    times, rate = telegram.sent_at[before:], settings.outreach_telegram_per_second
    burst = int(rate)  # the bot's bucket holds one second's allowance: that many may go at once at the start
    steady = _rate(times[burst:])
    print(f"telegram rate: {steady:.2f}/s sent for {rate:g}/s configured ({(steady / rate - 1) * 100:+.1f} %) after "
          f"the bucket's first {burst} ({_rate(times):.2f}/s counting them), {len(times)} messages to {paced} chats, "
          "two senders sharing the bucket")  # fmt: skip
    _telegram_citizens(runtime, chats, "会话村", 900_000_000)
    for notice_id in [_notice(runtime, "会话村") for _ in range(notices)]:
        _begin(runtime, notice_id)
    before = len(telegram.sent_at)
    _send_until_done(runtime)
    per_chat: dict[str, list[float]] = {}
    for params, at in zip(telegram.sent()[before:], telegram.sent_at[before:], strict=True):
        per_chat.setdefault(str(params["chat_id"]), []).append(at)
    rates = [_rate(times) for times in per_chat.values()]
    gaps = [b - a for times in per_chat.values() for a, b in pairwise(times)]
    chat_rate = settings.outreach_telegram_chat_per_second
    fastest = max(rates, default=0.0)
    print(f"telegram per chat: {notices} notices at once to {chats} chats; fastest chat {fastest:.2f}/s for "
          f"{chat_rate:g}/s configured ({(fastest / chat_rate - 1) * 100:+.1f} %), shortest gap "
          f"{min(gaps, default=0.0):.2f} s; {sum(len(t) for t in per_chat.values())} messages")  # fmt: skip


def _notice(runtime, township: str) -> int:
    from feedback.outreach import campaigns
    from feedback.outreach.models import Campaign, Segment

    with runtime.session() as session:
        segment = Segment(name=township, criteria={"township": township}, created_by="bench")
        session.add(segment)
        session.flush()
        notice = Campaign(title=township, segment_id=segment.id, created_by="author")
        form = {"title": township, "segment_id": segment.id, "text_zh": "{township}周五停水。"}
        campaigns.write(session, notice, form, "author")
        campaigns.approve(session, notice, "approver")
        return notice.id


def _begin(runtime, notice_id: int) -> float:
    from feedback.outreach import campaigns
    from feedback.outreach.models import Campaign

    started = time.perf_counter()
    with runtime.session() as session:
        campaigns.begin(session, session.get(Campaign, notice_id))
    return time.perf_counter() - started


def _send_until_done(runtime, senders: int = 2) -> None:
    """Run `senders` drain loops in threads (as two workers would) until nothing is left to send."""
    from core.runtime import install
    from feedback.outreach import sending
    from jobs import outreach

    def loop():
        install(runtime)
        while sending.waiting(runtime):
            outreach.drain()

    threads = [threading.Thread(target=loop) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def queueing(runtime, count: int) -> None:
    _citizens(runtime, count, "大镇", 0)
    notice_id = _notice(runtime, "大镇")
    seconds = _begin(runtime, notice_id)
    from feedback.outreach import campaigns
    from feedback.outreach.models import Campaign

    with runtime.session() as session:  # measured, not sent: 100,000 SMS at a long code's pace take a day
        campaigns.cancel(session, session.get(Campaign, notice_id))
    print(f"queueing {count:,} recipients: {seconds:.1f} s (target ≤ 30 s)")


def pacing_run(runtime, twilio, paced: int, rate: float) -> None:
    _citizens(runtime, paced, "小村", 50_000_000)
    _begin(runtime, _notice(runtime, "小村"))
    before = len(twilio.arrived_at)
    _send_until_done(runtime)
    times = twilio.arrived_at[before:]
    actual = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    print(f"sms rate: {actual:.2f}/s sent for {rate:g}/s configured ({(actual / rate - 1) * 100:+.1f} %), "
          f"{len(times)} messages, two senders sharing the bucket")  # fmt: skip


def opt_out_run(runtime, twilio, paced: int) -> None:
    from core.clock import utcnow
    from router.identity.models import Citizen, Identity

    _citizens(runtime, paced, "半村", 60_000_000)
    _begin(runtime, _notice(runtime, "半村"))
    opted: dict[str, float] = {}

    def opt_out_half():
        time.sleep(paced / runtime.settings.outreach_sms_per_second / 4)  # a quarter of the way through
        with runtime.session() as session:
            rows = session.exec(select(Identity.urn, Citizen).join(Citizen, Citizen.id == Identity.citizen_id)
                                .where(Citizen.township == "半村")).all()  # fmt: skip
            for index, (urn, citizen) in enumerate(rows):
                if index % 2:
                    citizen.opted_out_at = utcnow()
                    session.add(citizen)
                    opted[urn.removeprefix("tel:")] = 0.0
        now = time.time()
        for number in opted:
            opted[number] = now  # committed by now

    before = len(twilio.messages)
    chooser = threading.Thread(target=opt_out_half)
    chooser.start()
    _send_until_done(runtime)
    chooser.join()
    late = [m for m, at in zip(twilio.messages[before:], twilio.arrived_at[before:], strict=True)
            if m["to"] in opted and at > opted[m["to"]]]  # fmt: skip
    sent = len(twilio.messages) - before
    print(f"opted out mid-notice: {len(opted)} of {paced}; {sent} sent; {len(late)} reached an opted-out citizen "
          "(target 0)")  # fmt: skip


def killed_run(runtime, twilio, paced: int, env: dict[str, str]) -> None:
    from feedback.outreach import sending
    from jobs import outreach

    _citizens(runtime, paced, "断村", 70_000_000)
    _begin(runtime, _notice(runtime, "断村"))
    before = len(twilio.messages)
    child = subprocess.Popen([sys.executable, "-m", "bench.outreach", "--child"], env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while len(twilio.messages) - before < paced // 3 and time.monotonic() < deadline:
        time.sleep(0.01)  # the child is sending: kill it a third of the way through
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    killed_at = len(twilio.messages) - before
    sending.LEASE = sending.LEASE * 0  # the lease of the dead sender's claims has run out
    outreach.tick()
    _send_until_done(runtime, senders=1)
    counts = Counter(m["to"] for m in twilio.messages[before:])
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    print(f"sender killed after {killed_at} messages; {len(counts)} of {paced} citizens reached; "
          f"{duplicates} duplicates (target 0)")  # fmt: skip


def child() -> None:
    """The sender that gets killed: drains the outreach queue's work in a loop."""
    from core import config
    from core.runtime import install
    from feedback.outreach import sending
    from jobs import outreach
    from wiring import bootstrap

    runtime = install(bootstrap.build_runtime(config.from_environ(), prepare=False))
    while sending.waiting(runtime):
        outreach.drain()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--paced", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--telegram-paced", type=int, default=300, help="chats of the Telegram rate run")
    parser.add_argument("--telegram-rate", type=float, default=30.0, help="OUTREACH_TELEGRAM_PER_SECOND")
    parser.add_argument("--chat-rate", type=float, default=1.0, help="OUTREACH_TELEGRAM_CHAT_PER_SECOND")
    parser.add_argument("--chats", type=int, default=3, help="chats of the per-chat run")
    parser.add_argument("--notices", type=int, default=6, help="notices sending at once in the per-chat run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child()
    from core.redis_server import ensure_embedded, stop_embedded
    from core.runtime import install
    from tests.helpers.fakes import telegram_api, twilio_api
    from tests.helpers.telegram import BOT_TOKEN
    from wiring import bootstrap, migrate

    with tempfile.TemporaryDirectory(prefix="bench-outreach-") as scratch:
        data_dir = Path(scratch)
        redis_url = ensure_embedded(data_dir / "redis")
        server, twilio = twilio_api.serve(SID, TOKEN)
        bot_server, telegram = telegram_api.serve(BOT_TOKEN)
        try:
            with server, bot_server:
                settings = _settings(data_dir, redis_url, server.url, args.rate, bot_server.url, args.telegram_rate,
                                     args.chat_rate)  # fmt: skip
                migrate.upgrade(settings.effective_database_url, data_dir)
                runtime = install(bootstrap.build_runtime(settings))
                env = {**os.environ, "DATABASE_URL": settings.effective_database_url, "REDIS_URL": redis_url,
                       "CIVICLINE_DATA_DIR": str(data_dir), "SECRET_KEY": "bench", "API_TOKEN": "bench",
                       "TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_FROM_NUMBER": HOTLINE,
                       "TWILIO_API_BASE_URL": server.url, "OUTREACH_SMS_PER_SECOND": str(args.rate),
                       "OUTREACH_QUIET_HOURS": ""}  # fmt: skip
                queueing(runtime, args.citizens)
                pacing_run(runtime, twilio, args.paced, args.rate)
                opt_out_run(runtime, twilio, args.paced)
                killed_run(runtime, twilio, args.paced, env)
                telegram_runs(runtime, telegram, args.telegram_paced, args.chats, args.notices)
        finally:
            stop_embedded(data_dir / "redis")


if __name__ == "__main__":
    main()
