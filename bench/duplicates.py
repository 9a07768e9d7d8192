"""`python -m bench.duplicates`: how many SMS replies a citizen gets twice when workers are killed mid-send.

A slow Twilio (a local stand-in that keeps each message at once but answers
`--delay` seconds later) and one `python worker.py` at a time: `--kills` times
a worker is SIGKILLed `--kill-after` seconds after its first message reached
Twilio, and replaced; the last one sends until all `--count` queued replies are
recorded as sent. Run twice on a scratch install (SQLite and an embedded
Redis): once with the outbound job's provider check switched off in the bench's
own worker (`before`), once as shipped (`after`). Prints, for each, the
messages Twilio received, the duplicates among them, the kills and the time.

    python -m bench.duplicates                 # 300 replies, 0.5 s answers, 3 kills 1 s into sending
    python -m bench.duplicates --count 1000 --kills 5

The send lease is shortened to 15 s in both runs (the product's is 2 minutes),
so the sweeper hands a dead worker's messages on within the run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, col, func, select

ROOT = Path(__file__).resolve().parent.parent
SID = "AC" + "d" * 32
TOKEN = "bench-auth-token-" + "e" * 16
HOTLINE = "+8612345000000"
LEASE_SECONDS = 15  # longer than a batch takes to send (64 messages, 8 at a time, at --delay each)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="replies to send")
    parser.add_argument("--delay", type=float, default=0.5, help="seconds Twilio takes to answer each send")
    parser.add_argument("--kills", type=int, default=3, help="workers to SIGKILL while they send")
    parser.add_argument("--kill-after", type=float, default=1.0, help="seconds of sending before each kill")
    parser.add_argument("--timeout", type=float, default=600, help="give up after this many seconds per run")
    return parser.parse_args(argv)


def worker(check: bool) -> None:
    """Run `worker.py` in this process with the bench's short lease, and the provider check on or off."""
    from channels.sms.channel import SmsChannel
    from jobs import outbound

    outbound.LEASE = timedelta(seconds=LEASE_SECONDS)
    outbound.SEND_TIMEOUT = timedelta(seconds=1)  # the stand-in answers in --delay (under a second)
    if not check:
        SmsChannel.already_sent = lambda self, message, exclude: None  # type: ignore[method-assign]
    sys.path.insert(0, str(ROOT))
    import worker as worker_main

    worker_main.main(["--sweep-interval", "0.5"])


def run(args: argparse.Namespace, check: bool) -> dict:
    """Queue the replies on a fresh install, send them through killed workers; return the figures."""
    from core.config import Settings
    from core.redis_server import ensure_embedded, stop_embedded
    from tests.helpers.fakes import twilio_api
    from wiring import bootstrap

    data_dir = Path(tempfile.mkdtemp(prefix="civicline-duplicates-"))
    server, state = twilio_api.serve(SID, TOKEN)
    state.answer_delay = args.delay
    server.httpd.handle_error = lambda *_: None  # a killed worker's connections reset: expected here
    with server:
        redis_url = ensure_embedded(data_dir)
        env = dict(os.environ, CIVICLINE_DATA_DIR=str(data_dir), REDIS_URL=redis_url, TWILIO_ACCOUNT_SID=SID,
                   TWILIO_AUTH_TOKEN=TOKEN, TWILIO_FROM_NUMBER=HOTLINE, TWILIO_API_BASE_URL=server.url,
                   PUBLIC_URL="https://hotline.example.gov.cn", PYTHONUNBUFFERED="1")  # fmt: skip
        settings = Settings(data_dir=data_dir, redis_url=redis_url, twilio_account_sid=SID, twilio_auth_token=TOKEN,
                            twilio_from_number=HOTLINE, twilio_api_base_url=server.url)  # fmt: skip
        runtime = bootstrap.build_runtime(settings)
        _queue(runtime, args.count)
        started, kills = time.monotonic(), 0
        try:
            kills = _send_through_killed_workers(runtime, state, env, check, args)
        finally:
            stop_embedded(data_dir)
            shutil.rmtree(data_dir, ignore_errors=True)
        took = time.monotonic() - started
    bodies = Counter(m["body"] for m in state.messages)
    return {
        "received": sum(bodies.values()),
        "distinct": len(bodies),
        "duplicates": sum(bodies.values()) - len(bodies),
        "kills": kills,
        "seconds": took,
        "provider_checks": state.listed,
    }


def _queue(runtime, count: int) -> None:
    from feedback.answers.outbox import queue_message

    with runtime.session() as session:
        for index in range(count):
            text = f"您反映的问题已受理，工单号 {100000000 + index}。"
            queue_message(session, f"tel:+86139{index:08d}", "sms", text, "acknowledgement", None)


def _unsent(runtime) -> int:
    from channels.models import OUTBOUND, QUEUED, SENDING, Interaction

    with Session(runtime.engine) as session:
        query = select(func.count()).where(Interaction.direction == OUTBOUND)
        return session.exec(query.where(col(Interaction.status).in_((QUEUED, SENDING)))).one()


def _send_through_killed_workers(runtime, state, env: dict[str, str], check: bool, args: argparse.Namespace) -> int:
    """Start a worker; once it is sending (Twilio has new messages), let it run `--kill-after` s and SIGKILL it.
    After `--kills` kills, let the last worker finish; return the kills."""
    command = [sys.executable, "-m", "bench.duplicates", "--worker", "check" if check else "no-check"]
    deadline, kills = time.monotonic() + args.timeout, 0
    while _unsent(runtime) and time.monotonic() < deadline:
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            seen = len(state.messages)
            while kills < args.kills and len(state.messages) == seen and time.monotonic() < deadline:
                time.sleep(0.05)  # a worker starts in seconds to tens of seconds
            if kills < args.kills:
                time.sleep(args.kill_after)
                child.send_signal(signal.SIGKILL)
                kills += 1
                continue
            while _unsent(runtime) and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.0)  # a late duplicate, if any, would arrive in this time
        finally:
            if child.poll() is None:
                child.terminate()
            child.wait(timeout=30)
    return kills


def main(argv: list[str] | None = None) -> None:
    if argv is None and sys.argv[1:2] == ["--worker"]:
        return worker(check=sys.argv[2] == "check")
    args = parse_args(argv)
    print(f"{args.count} SMS replies; Twilio answers after {args.delay} s; {args.kills} workers SIGKILLed "
          f"{args.kill_after} s into sending; send lease {LEASE_SECONDS} s", flush=True)  # fmt: skip
    for label, check in (("before (no provider check)", False), ("after (provider check)", True)):
        figures = run(args, check)
        print(f"{label:28} received {figures['received']:5}  distinct {figures['distinct']:5}  "
              f"duplicates {figures['duplicates']:4}  kills {figures['kills']:3}  "
              f"list calls {figures['provider_checks']:4}  {figures['seconds']:.0f} s", flush=True)  # fmt: skip
    return None


if __name__ == "__main__":
    main()
