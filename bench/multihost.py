"""`python -m bench.multihost` (as root): the service on four "hosts" of a private test subnet, one killed mid-load.

Network namespaces on this machine stand for the hosts: `db` (PostgreSQL and
a password-protected Redis of their own, listening on the subnet only), `web`
(gunicorn) and `worker1`, `worker2` (two `python worker.py` each). Each host
has its own data directory; they share only what the deploy docs say they
share. The bench, on the subnet's bridge, runs the Twilio stand-in and sends
signed SMS webhooks to the web host; halfway through it SIGKILLs every process
of `worker1`. It prints contacts, cases and acknowledgements (lost and
duplicated) and each worker host's share of the jobs. A Telegram photo kept
by a worker host is opened by staff on the web host. Then it restarts
`worker1`, retrains the routing model on `worker2`, stops `worker2` (timing the
stop) and checks that `worker1` routes new texts with the new model.

    sudo .venv/bin/python -m bench.multihost --count 2000

Without root (or where namespaces are refused) it prints why and exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import glob
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import redis
import requests
from rq import Worker

from bench import loadgen, netns
from bench.ingest import (
    HOTLINE,
    ROOT,
    SID,
    TOKEN,
    Processes,
    scratch,
    signed_webhooks,
    wait_for,
    wait_for_acknowledgements,
)
from tests.helpers.fakes import telegram_api
from tests.helpers.telegram import BOT_TOKEN, WEBHOOK_SECRET

HOSTS = {"db": 10, "web": 20, "worker1": 31, "worker2": 32}
WORKER_HOSTS = ("worker1", "worker2")
WORKERS_PER_HOST = 2
WEB_PORT = 5000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="signed SMS to send (at most 20000)")
    parser.add_argument("--concurrency", type=int, default=16, help="clients sending at once")
    parser.add_argument("--timeout", type=float, default=600, help="give up waiting for acknowledgements after this")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (logs, data)")
    args = parser.parse_args(argv)
    if not 2 <= args.count <= 20_000:
        parser.error("--count must be between 2 and 20000")
    return args


def start_postgres(processes: Processes, root: Path, address: str) -> str:
    """Initialise and start a PostgreSQL of the db host's own, reachable on the subnet only; return its URL."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not binaries:
        raise SystemExit("multihost bench: PostgreSQL's server binaries are not installed (apt-get install postgresql)")
    data = root / "db-host" / "pgdata"
    data.mkdir(parents=True)
    subprocess.run(["chown", "-R", "postgres:postgres", str(data.parent)], check=True)
    initdb = [f"{binaries[-1]}/initdb", "-D", str(data), "--auth=trust", "--username=postgres", "--no-sync"]
    subprocess.run(["runuser", "-u", "postgres", "--", *initdb], check=True, capture_output=True)
    with open(data / "pg_hba.conf", "a") as hba:
        hba.write(f"host all all {netns.SUBNET}.0/24 trust\n")  # the bench's private subnet only
    server = [f"{binaries[-1]}/postgres", "-D", str(data), "-c", f"listen_addresses={address}"]
    server += ["-c", f"unix_socket_directories={data}", "-c", "fsync=off", "-c", "max_connections=300"]
    processes.start("db-postgres", netns.run_in("db", ["runuser", "-u", "postgres", "--", *server]), dict(os.environ))
    admin = f"postgresql://postgres@{address}:5432/postgres"
    deadline = time.monotonic() + 60
    while True:
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=2) as connection:
                connection.execute("CREATE DATABASE civicline")
            return f"postgresql://postgres@{address}:5432/civicline"
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise SystemExit("multihost bench: PostgreSQL did not start; see db-postgres.log") from None
            time.sleep(0.2)


def start_redis(processes: Processes, root: Path, address: str, password: str) -> str:
    """Start the db host's Redis, bound to its subnet address and asking for a password; return REDIS_URL."""
    command = ["redis-server", "--bind", address, "--port", "6379", "--requirepass", password]
    command += ["--save", "", "--appendonly", "no", "--dir", str(root)]
    processes.start("db-redis", netns.run_in("db", command), dict(os.environ))
    url = f"redis://:{password}@{address}:6379/0"
    deadline = time.monotonic() + 30
    while True:
        try:
            redis.Redis.from_url(url).ping()
            return url
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise SystemExit("multihost bench: Redis did not start; see db-redis.log") from None
            time.sleep(0.1)


def start_twilio(processes: Processes) -> str:
    command = [sys.executable, "-m", "bench.twilio_sink", SID, TOKEN, "--bind", f"{netns.BENCH_ADDRESS}:0"]
    child = processes.start("twilio", command, dict(os.environ), False)
    log = processes.log_dir / "twilio.log"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and child.poll() is None:
        text = log.read_text() if log.exists() else ""
        if text.startswith("http"):
            return text.splitlines()[0].strip()
        time.sleep(0.05)
    raise SystemExit(f"multihost bench: the Twilio stand-in did not start; see {log}")


def host_env(root: Path, host: str, shared: dict[str, str]) -> dict[str, str]:
    """Return a host's environment: the shared settings and a data directory of its own."""
    data_dir = root / "hosts" / host
    data_dir.mkdir(parents=True, exist_ok=True)
    return dict(os.environ, CIVICLINE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", **shared)


class JobShare:
    """Sample every worker's finished-job count, so a killed host's share is known after it is gone."""

    def __init__(self, connection: redis.Redis, hosts_by_pid: dict[int, str]):
        self.connection, self.hosts_by_pid = connection, hosts_by_pid
        self.jobs: dict[int, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(0.5):
            try:
                for worker in Worker.all(connection=self.connection):
                    if worker.pid in self.hosts_by_pid:
                        self.jobs[worker.pid] = max(self.jobs.get(worker.pid, 0), worker.successful_job_count)
            except redis.RedisError:
                pass

    def by_host(self) -> dict[str, int]:
        totals = dict.fromkeys(WORKER_HOSTS, 0)
        for pid, count in self.jobs.items():
            totals[self.hosts_by_pid[pid]] += count
        return totals


def kill_host(host: str) -> int:
    """SIGKILL every process of a host, as a power cut would; return how many there were."""
    victims = netns.pids(host)
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):  # gone already
            os.kill(pid, signal.SIGKILL)
    return len(victims)


def counts(database_url: str, arrivals: list[list]) -> dict[str, tuple[int, int]]:
    """Return (rows, distinct) for contacts, cases and acknowledgements."""
    with psycopg.connect(database_url) as connection:
        contacts = connection.execute(
            "SELECT count(*), count(DISTINCT external_id) FROM interaction WHERE direction = 'in'"
        ).fetchone()
        cases = connection.execute('SELECT count(*), count(DISTINCT citizen_id) FROM "case"').fetchone()
    assert contacts is not None and cases is not None
    return {
        "contacts": (contacts[0], contacts[1]),
        "cases": (cases[0], cases[1]),
        "acknowledgements": (len(arrivals), len({to for to, _ in arrivals})),
    }


def run(args: argparse.Namespace, root: Path, processes: Processes) -> None:
    addresses = netns.up(HOSTS)
    database_url = start_postgres(processes, root, addresses["db"])
    redis_url = start_redis(processes, root, addresses["db"], secrets.token_urlsafe(16))
    public_url = f"http://{addresses['web']}:{WEB_PORT}"
    telegram_server, telegram = telegram_api.serve(BOT_TOKEN, netns.BENCH_ADDRESS)
    processes.closers.append(telegram_server.__exit__)
    telegram_server.__enter__()
    shared = {
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TELEGRAM_API_SERVER": telegram_server.url,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PUBLIC_URL": public_url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "API_TOKEN": secrets.token_urlsafe(32),
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_FROM_NUMBER": HOTLINE,
        "TWILIO_API_BASE_URL": start_twilio(processes),
    }
    web_env = host_env(root, "web", shared)
    upgrade = [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"]
    subprocess.run(netns.run_in("web", upgrade), env=web_env, cwd=ROOT, check=True, capture_output=True)
    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"{addresses['web']}:{WEB_PORT}"]
    gunicorn += ["--forwarded-allow-ips", netns.BENCH_ADDRESS, "--log-level", "warning", "app:create_app()"]
    processes.start("web", netns.run_in("web", gunicorn), web_env)
    hosts_by_pid = {}
    for host in WORKER_HOSTS:
        hosts_by_pid.update(start_workers(processes, root, host, shared))
    wait_for(f"{public_url}/healthz", 120)
    connection = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 120
    while len(Worker.all(connection=connection)) < len(hosts_by_pid):
        if time.monotonic() > deadline:
            raise SystemExit("multihost bench: the workers did not register within 120 s")
        time.sleep(0.2)
    share = JobShare(connection, hosts_by_pid)
    share.thread.start()
    requests_, senders = signed_webhooks(WEB_PORT, public_url, args.count)
    half = len(requests_) // 2
    first = loadgen.closed_loop(addresses["web"], WEB_PORT, requests_[:half], args.concurrency)
    killed = kill_host("worker1")
    killed_at = time.monotonic()
    second = loadgen.closed_loop(addresses["web"], WEB_PORT, requests_[half:], args.concurrency)
    wait_for_acknowledgements(shared["TWILIO_API_BASE_URL"], len(senders), args.timeout)
    settled = time.monotonic() - killed_at
    time.sleep(3)  # let a late duplicate show itself, if there were one
    arrivals = requests.get(f"{shared['TWILIO_API_BASE_URL']}/arrivals", timeout=10).json()
    share.stop.set()
    report(args, first, second, killed, settled, counts(database_url, arrivals), share.by_host())
    photo_across_hosts(root, shared, public_url, telegram)
    retrain_across_hosts(processes, root, shared, addresses["web"], connection)


def photo_across_hosts(root: Path, shared: dict[str, str], public_url: str, telegram) -> None:
    """A citizen's Telegram photo, downloaded by a worker host, opened by staff on the web host."""
    picture = secrets.token_bytes(48_000)
    telegram.add_file("AgACAgUAAxkBAAIBQ2Vx-large", "photos/file_12.jpg", picture)
    update = (ROOT / "tests" / "fixtures" / "telegram" / "photo.json").read_bytes()
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    requests.post(f"{public_url}/channels/telegram", data=update, headers=headers, timeout=10).raise_for_status()
    deadline, found = time.monotonic() + 120, None
    while found is None and time.monotonic() < deadline:
        with psycopg.connect(shared["DATABASE_URL"]) as db:
            found = db.execute("SELECT id FROM attachment WHERE path IS NOT NULL ORDER BY id LIMIT 1").fetchone()
        time.sleep(0.5)
    if found is None:
        print("  Telegram photo: not kept by a worker within 120 s")
        return
    password = secrets.token_urlsafe(12)
    admin = [sys.executable, "-m", "flask", "--app", "app", "users", "create-admin", "bench", "--password", password]
    subprocess.run(
        netns.run_in("web", admin), env=host_env(root, "web", shared), cwd=ROOT, check=True, capture_output=True
    )
    staff = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', staff.get(f"{public_url}/signin", timeout=10).text)
    form = {"username": "bench", "password": password, "csrf_token": token.group(1) if token else ""}
    staff.post(f"{public_url}/signin", data=form, timeout=10)
    opened = staff.get(f"{public_url}/attachments/{found[0]}", timeout=10)
    local = list((root / "hosts" / "web").rglob("media"))
    same = opened.status_code == 200 and opened.content == picture
    print(
        f"  Telegram photo kept by a worker host, opened by staff on the web host: {opened.status_code},"
        f" {'the same bytes' if same else 'different bytes'}; files on the web host's disk: {len(local)}"
    )


def start_workers(processes: Processes, root: Path, host: str, shared: dict[str, str]) -> dict[int, str]:
    """Start a host's `python worker.py` processes; return their pids with the host's name."""
    env = host_env(root, host, shared)
    started = {}
    for _ in range(WORKERS_PER_HOST):
        name = f"{host}-{len([n for n in processes.groups if n.startswith(host)])}"
        started[processes.start(name, netns.run_in(host, [sys.executable, "worker.py"]), env).pid] = host
    return started


def retrain_across_hosts(processes, root: Path, shared: dict[str, str], web: str, connection: redis.Redis) -> None:
    """Restart worker1, retrain on worker2, stop worker2, and see worker1 route new texts with the new model."""
    from router.model import published
    from tests.helpers.routing import EXAMPLES  # labelled texts for the shipped catalogue

    fresh = start_workers(processes, root, "worker1", shared)
    deadline = time.monotonic() + 120
    while not set(fresh) <= {w.pid for w in Worker.all(connection=connection)}:
        if time.monotonic() > deadline:
            raise SystemExit("multihost bench: the restarted worker1 did not register within 120 s")
        time.sleep(0.2)
    labelled = root / "labelled.csv"
    with labelled.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "department"])
        for code, texts in EXAMPLES.items():
            writer.writerows([text + suffix, code] for text in texts for suffix in ("", "，请尽快处理"))
    train = [sys.executable, "-m", "flask", "--app", "app", "router", "train", str(labelled)]
    trained = subprocess.run(
        netns.run_in("worker2", train), env=host_env(root, "worker2", shared), cwd=ROOT, capture_output=True, text=True
    )
    if trained.returncode != 0:
        raise SystemExit(f"multihost bench: training on worker2 failed: {trained.stdout}{trained.stderr}")
    published_at = time.monotonic()
    stop_seconds = stop_host_workers(processes, "worker2")
    # A process looks for a new version at most every CHECK_SECONDS: the texts go once that time has passed.
    time.sleep(max(0.0, published.CHECK_SECONDS + 1 - (time.monotonic() - published_at)))
    texts = [text for texts in EXAMPLES.values() for text in texts[:2]]
    arrivals_before = len(requests.get(f"{shared['TWILIO_API_BASE_URL']}/arrivals", timeout=10).json())
    loadgen.closed_loop(web, WEB_PORT, signed_texts(f"http://{web}:{WEB_PORT}", texts), 4)
    wait_for_acknowledgements(shared["TWILIO_API_BASE_URL"], arrivals_before + len(texts), 120)
    routed = time.monotonic() - published_at
    with psycopg.connect(shared["DATABASE_URL"]) as db:
        rules = [
            row[0] or ""
            for row in db.execute(
                'SELECT c.routing_rule FROM "case" c JOIN identity i ON i.citizen_id = c.citizen_id '
                "WHERE i.urn LIKE 'tel:+8613700%'"
            )
        ]
    by_model = sum(rule.startswith("model") for rule in rules)
    print(f"  retrained on worker2 ({trained.stdout.strip().splitlines()[0]})")
    print(f"  worker2's workers stopped {stop_seconds} s after SIGTERM")
    print(
        f"  worker1 (started before the retrain, not restarted) routed {by_model} of {len(rules)} new texts"
        f" with the new model, all answered {routed:.1f} s after it was published"
    )


def stop_host_workers(processes: Processes, host: str) -> str:
    """SIGTERM a host's workers (as systemd stops them) and return how long each took to exit."""
    took = []
    pids = {pid for name, pid in processes.groups.items() if name.startswith(f"{host}-")}
    for child in [c for c in processes.children if c.pid in pids]:
        if child.poll() is not None:
            continue
        started = time.monotonic()
        child.send_signal(signal.SIGTERM)
        child.wait(30)
        took.append(f"{time.monotonic() - started:.1f}")
    return ", ".join(took)


def signed_texts(public_url: str, texts: list[str]) -> list[bytes]:
    """Return signed SMS webhooks carrying these texts, from new senders (+8613700…)."""
    from urllib.parse import urlencode

    from twilio.request_validator import RequestValidator

    from channels.sms.cli import twilio_sms_form

    validator = RequestValidator(TOKEN)
    out = []
    for index, text in enumerate(texts):
        form = twilio_sms_form(SID, f"+8613700{index:06d}", HOTLINE, text, f"SMretrain{index:024x}")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": validator.compute_signature(f"{public_url}/channels/sms", form),
        }
        out.append(
            loadgen.http_request("127.0.0.1", WEB_PORT, "POST", "/channels/sms", headers, urlencode(form).encode())
        )
    return out


def report(args, first, second, killed: int, settled: float, found: dict, jobs: dict[str, int]) -> None:
    statuses = first.statuses + second.statuses
    print(f"\nCivicLine multi-host bench — {args.count} signed SMS, subnet {netns.SUBNET}.0/24")
    print("  hosts: db (PostgreSQL, Redis with a password), web (gunicorn ×2), worker1 and worker2 (worker.py ×2 each)")
    print(f"  webhooks answered: {dict(statuses)}; worker1 SIGKILLed ({killed} processes) after {len(first.latencies)}")
    print(f"  every acknowledgement in {settled:.1f} s after the kill")
    for name, (rows, distinct) in found.items():
        print(f"  {name}: {rows} stored, {args.count - distinct} lost, {rows - distinct} duplicated")
    total = sum(jobs.values()) or 1
    print("  share of jobs: " + ", ".join(f"{host} {n} ({n / total:.0%})" for host, n in jobs.items()))


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    reason = netns.unavailable()
    if reason:
        print(f"multihost bench skipped: {reason}")
        return
    with scratch(args.keep) as root:
        root.chmod(0o755)  # PostgreSQL runs as its own user and must reach its data directory
        processes = Processes(root, None)
        try:
            run(args, root, processes)
        finally:
            processes.stop_all()
            netns.down(HOSTS)


if __name__ == "__main__":
    main()
