"""Processes and ports for the tests: free loopback ports, polling until something holds, and what the fault tests
drive for real: a redis-server of their own on a free port, and `python worker.py`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis
from rq import Worker

from core.config import Settings
from tests.helpers import REPO

REDIS_SERVER = "/usr/bin/redis-server"


def free_port() -> int:
    """Return a loopback TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, timeout: float, interval: float = 0.02, what: str = "condition"):
    """Poll until `predicate()` is truthy and return its value; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


class RedisServer:
    """A throwaway redis-server (no persistence) that a test can stop and start again on the same port."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        log = open(self.workdir / "redis.log", "ab")  # noqa: SIM115  (the server writes to it until stopped)
        self.process = subprocess.Popen([*command, "--dir", str(self.workdir)], stdout=log, stderr=log)
        wait_until(self._answers, 10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False


def worker_environment(settings: Settings, redis_url: str) -> dict[str, str]:
    """Return the environment an operator would give `python worker.py` for these settings."""
    return dict(
        os.environ,
        PYTHONUNBUFFERED="1",
        CIVICLINE_DATA_DIR=str(settings.data_dir),
        DATABASE_URL=settings.database_url,
        REDIS_URL=redis_url,
        PUBLIC_URL=settings.public_url,
        TWILIO_ACCOUNT_SID=settings.twilio_account_sid,
        TWILIO_AUTH_TOKEN=settings.twilio_auth_token,
        TWILIO_FROM_NUMBER=settings.twilio_from_number,
        TWILIO_API_BASE_URL=settings.twilio_api_base_url,
        SECRET_KEY=settings.secret_key,
        API_TOKEN=settings.api_token,
    )


class WorkerProcesses:
    """Start real `python worker.py` processes, and make sure none outlives the test."""

    def __init__(self, env: dict[str, str], log_dir: Path, sweep_interval: float = 0.3):
        self.env = env
        self.log_dir = log_dir
        self.sweep_interval = sweep_interval
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        log = open(self.log_dir / f"worker-{len(self.processes)}.log", "ab")  # noqa: SIM115
        command = [sys.executable, str(REPO / "worker.py"), "--sweep-interval", str(self.sweep_interval)]
        # Its own session, so that the test's end takes its rq scheduler child along too.
        process = subprocess.Popen(
            command, env=self.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def wait_ready(self, connection: redis.Redis, count: int = 1, timeout: float = 90) -> None:
        """Wait until `count` workers have registered with Redis (they have loaded and are listening)."""
        wait_until(lambda: len(Worker.all(connection=connection)) >= count, timeout, 0.05, "the worker to register")

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL a worker: no handler runs, nothing is cleaned up, and its rq scheduler child lives on."""
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.log_dir.glob("worker-*.log")))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
