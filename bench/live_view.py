"""How fast the supervisor's live view and the breach escalation sweep are over a year of history.

Usage: python bench/live_view.py [cases]   (default 200000; a scratch SQLite in a temp dir, an embedded
Redis; nothing leaves the machine). Prints the time of one /live/panel render and of one escalation sweep.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.history import Plan, generate
from core.clock import utcnow
from core.config import Settings
from core.redis_server import ensure_embedded, stop_embedded
from core.runtime import install
from feedback.sla import breaches
from staff import passwords
from staff.models import User
from wiring import bootstrap

RUNS = 10
PASSWORD = "benchmark password"


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        settings = Settings(data_dir=data_dir, redis_url=ensure_embedded(data_dir / "redis"), secret_key="bench")
        try:
            runtime = install(bootstrap.build_runtime(settings))
            started = time.perf_counter()
            generate(runtime.engine, Plan(cases=count, days=365, agents=40, seed=7))
            print(f"{count:,} cases over a year, SQLite (generated in {time.perf_counter() - started:.0f} s)")
            with runtime.session() as session:
                supervisor = User(username="sup", role="supervisor", password_hash=passwords.hash_password(PASSWORD))
                session.add(supervisor)
                session.flush()
                supervisor_id = supervisor.id
            from app import create_app

            app = create_app(runtime=runtime)
            app.config["WTF_CSRF_ENABLED"] = False
            client = app.test_client()
            with client.session_transaction() as flask_session:  # signed in, as the browser would be
                flask_session["_user_id"], flask_session["_fresh"] = str(supervisor_id), True
            first = client.get("/live/panel")
            assert first.status_code == 200 and b"by-department" in first.data, first.status_code
            started = time.perf_counter()
            for _ in range(RUNS):
                size = len(client.get("/live/panel").data)
            took = (time.perf_counter() - started) / RUNS * 1000
            print(f"  GET /live/panel             {took:7.1f} ms  {size / 1024:5.1f} KiB")
            started = time.perf_counter()
            with runtime.session() as session:
                breaches.escalate_due(session, utcnow(), timedelta(minutes=60))
            print(f"  one breach escalation sweep {(time.perf_counter() - started) * 1000:7.1f} ms")
        finally:
            stop_embedded(data_dir / "redis")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
