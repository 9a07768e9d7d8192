"""How the inbox bears departments working together: prints render times of the folders an agent opens when
many cases have assisting tasks (协办) and first-contact owners (首接负责).

Usage: python bench/collaboration_inbox.py [cases]   (default 20000; a scratch SQLite in a temp dir,
an embedded Redis; nothing leaves the machine). Seeds the cases of bench/inbox_page.py, then gives a tenth
of them an assisting task (a third of those open and the agent's department's) and every fiftieth an owner.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session, select

from bench.inbox_page import seed, timed
from core.config import Settings
from core.redis_server import ensure_embedded, stop_embedded
from feedback.cases.models import Case
from feedback.collaboration.models import AssistTask, CaseOwner
from staff.models import Department, UserDepartment
from wiring import bootstrap

FOLDERS = ("/inbox?folder=mine", "/inbox?folder=assisting", "/inbox?folder=unassigned", "/inbox/poll.json")


def collaborate(engine) -> tuple[int, int]:
    """Add assisting tasks and owners; return how many of each."""
    rng = random.Random(11)
    now = datetime.now(UTC)
    with Session(engine) as session:
        departments = list(session.exec(select(Department.id)))
        mine = list(session.exec(select(UserDepartment.department_id).where(UserDepartment.user_id == 1)))
        cases = list(session.exec(select(Case.id, Case.department_id)))
        tasks = [
            AssistTask(case_id=case_id, department_id=rng.choice(mine if i % 3 == 0 else departments), text="协办",
                       due_at=now + timedelta(days=3), status="open" if i % 2 == 0 else "done")
            for i, (case_id, _department) in enumerate(cases[::10])
        ]  # fmt: skip
        owners = [CaseOwner(case_id=case_id, user_id=1) for case_id, _department in cases[::50]]
        session.add_all(tasks + owners)
        session.commit()
        return len(tasks), len(owners)


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        settings = Settings(data_dir=data_dir, redis_url=ensure_embedded(data_dir / "redis"), secret_key="bench")
        try:
            runtime = bootstrap.build_runtime(settings)
            seed(runtime.engine, count)
            tasks, owners = collaborate(runtime.engine)
            from app import create_app

            app = create_app(runtime=runtime)
            app.config["WTF_CSRF_ENABLED"] = False
            client = app.test_client()
            client.post("/signin", data={"username": "agent", "password": "benchmark password"})
            print(f"{count} cases, {tasks} assisting tasks, {owners} owned by the agent; SQLite, 3 departments")
            for path in FOLDERS:
                median, p95, size = timed(client, path)
                print(f"  GET {path:30s} median {median:7.1f} ms  p95 {p95:7.1f} ms  {size / 1024:6.1f} KiB")
        finally:
            stop_embedded(data_dir / "redis")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
