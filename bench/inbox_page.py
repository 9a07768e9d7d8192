"""How heavy and how fast the inbox is with many cases: prints page weight and render times.

Usage: python bench/inbox_page.py [cases] [--keep=DIR]   (default 20000; a scratch SQLite in a temp
dir, an embedded Redis; nothing leaves the machine). With --keep, the seeded database stays in DIR and a
later run with the same DIR measures it again without seeding (to compare a change quickly; delete DIR after).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session, col, select

from channels.models import Interaction
from core.config import Settings
from core.redis_server import ensure_embedded, stop_embedded
from feedback.cases.models import Case
from router.identity.models import Citizen, Identity
from staff import passwords
from staff.models import Department, User, UserDepartment
from wiring import bootstrap


def seed(engine, count: int) -> None:
    """Add `count` cases over a few thousand citizens, spread over the departments."""
    with Session(engine) as session:
        departments = list(session.exec(select(Department.id)))
        citizens = [Citizen(name=f"居民{i}", language="zh") for i in range(max(1, count // 4))]
        session.add_all(citizens)
        session.flush()
        session.add_all(
            Identity(urn=f"tel:+86138{i:08d}", scheme="tel", citizen_id=c.id) for i, c in enumerate(citizens)
        )
        user = User(id=1, username="agent", password_hash=passwords.hash_password("benchmark password"))
        session.add(user)
        session.flush()
        rng = random.Random(7)
        now = datetime.now(UTC)
        session.add_all(
            Case(
                reference=f"{i:09d}", citizen_id=rng.choice(citizens).id, department_id=rng.choice(departments),
                channel="sms", summary=f"第{i}号诉求：路灯不亮", priority=rng.choice(["normal"] * 9 + ["urgent"]),
                status=rng.choice(["new", "assigned", "in_progress", "resolved"]),
                # Some cases are the agent's, a third of those with a citizen message not yet read.
                assignee_id=1 if i % 50 == 0 else None,
                last_citizen_message_at=now - timedelta(minutes=i % 90),
                assignee_seen_at=now - timedelta(hours=1) if i % 150 == 0 else now,
                resolution_due_at=now + timedelta(hours=rng.randint(-48, 240)),
            )
            for i in range(count)
        )  # fmt: skip
        session.add_all(UserDepartment(user_id=user.id, department_id=d) for d in departments[:3])
        session.commit()


def long_case(engine, messages: int) -> str:
    """Give one of the agent's cases a long conversation (half the citizen's, half replies); return its reference."""
    with Session(engine) as session:
        mine = select(UserDepartment.department_id).where(UserDepartment.user_id == 1)
        case = session.exec(select(Case).where(Case.assignee_id == 1, col(Case.department_id).in_(mine))).first()
        session.add_all(
            Interaction(
                direction="in" if i % 2 == 0 else "out", channel="sms", urn="tel:+8613800000001",
                text=f"第{i}条消息：路灯还是不亮，请尽快处理", status="processed" if i % 2 == 0 else "delivered",
                external_id=f"SMbench{i:06d}", citizen_id=case.citizen_id, case_id=case.id,
            )
            for i in range(messages)
        )  # fmt: skip
        session.commit()
        return case.reference


def timed(client, path: str, runs: int = 20) -> tuple[float, float, int]:
    """Return the median and 95th percentile milliseconds of a page, and its size."""
    client.get(path)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))], len(response.data)


def main(count: int, keep: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = keep or Path(folder)
        seeded = (data_dir / "civicline.sqlite3").exists()
        settings = Settings(data_dir=data_dir, redis_url=ensure_embedded(data_dir / "redis"), secret_key="bench")
        try:
            runtime = bootstrap.build_runtime(settings)
            if not seeded:
                seed(runtime.engine, count)
            from app import create_app

            app = create_app(runtime=runtime)
            app.config["WTF_CSRF_ENABLED"] = False
            client = app.test_client()
            client.post("/signin", data={"username": "agent", "password": "benchmark password"})
            print(f"{count} cases, SQLite, one agent in 3 departments")
            paths = (
                "/inbox?folder=unassigned",
                "/inbox?folder=mine",
                "/inbox?folder=mine&sort=activity",
                "/inbox?folder=unassigned&sort=due",
                "/inbox?folder=unassigned&q=13800000042",
                "/inbox/rows?folder=mine",
                "/inbox/poll.json",
                "/notifications/count.json",
            )
            for path in paths:
                median, p95, size = timed(client, path)
                print(f"  GET {path:42s} median {median:7.1f} ms  p95 {p95:7.1f} ms  {size / 1024:6.1f} KiB")
            reference = long_case(runtime.engine, 0 if seeded else 500)
            median, p95, size = timed(client, f"/cases/{reference}")
            label = "/cases/<a case with 500 messages>"
            print(f"  GET {label:42s} median {median:7.1f} ms  p95 {p95:7.1f} ms  {size / 1024:6.1f} KiB")
            for asset in ("civicline.css", "inbox.js", "case.js", "live.js", "composer.js", "shortcuts.js"):
                print(f"  static/{asset:20s} {len(client.get('/static/' + asset).data) / 1024:6.1f} KiB")
        finally:
            stop_embedded(data_dir / "redis")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--keep")]
    kept = next((Path(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--keep=")), None)
    main(int(args[0]) if args else 20000, kept)
