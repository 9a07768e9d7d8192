"""Time the supervisors' dashboard over a large synthetic history, on SQLite and (optionally) PostgreSQL.

    .venv/bin/python bench/metrics.py --cases 1000000 [--postgres postgresql://postgres@127.0.0.1/test]

Generates the history into a scratch database (SQLite in a temporary
directory; for PostgreSQL a scratch database created on that server and
dropped afterwards), refreshes the daily figures, then requests every
dashboard page as a signed-in supervisor through the app and prints the
median and worst of several runs. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from bench import history
from core import db
from core.clock import utcnow
from core.config import Settings
from feedback.metrics import rollup
from staff.models import Department, User
from wiring import bootstrap


def pages(department: int, agent: int, today) -> list[tuple[str, str]]:
    """Return the dashboard requests a supervisor makes in a working day."""
    month, year = today - timedelta(days=29), today - timedelta(days=364)
    return [
        ("overview, last 30 days", f"/dashboard/?start={month}&end={today}"),
        ("overview, last year", f"/dashboard/?start={year}&end={today}"),
        ("one department, last year", f"/dashboard/?start={year}&end={today}&department={department}"),
        ("one channel, last year", f"/dashboard/?start={year}&end={today}&channel=sms"),
        ("one agent, last year", f"/dashboard/?start={year}&end={today}&agent={agent}"),
        (
            "department + channel, 30 days",
            f"/dashboard/?start={month}&end={today}&department={department}&channel=sms",
        ),
        ("one county, last year", f"/dashboard/?start={year}&end={today}&county=A3区"),
        (
            "department + age group 60+, last year",
            f"/dashboard/?start={year}&end={today}&department={department}&age_group=60_plus",
        ),
        (
            "county + occupation, 30 days (counted from the cases)",
            f"/dashboard/?start={month}&end={today}&county=A3区&occupation=农民",
        ),
        ("late cases drill-down, last year", f"/dashboard/cases?figure=resolution_late&start={year}&end={today}"),
        ("backlog drill-down page 20", f"/dashboard/cases?figure=open&page=20&start={month}&end={today}"),
        (
            "late cases as CSV (10,000 rows), last year",
            f"/dashboard/cases?figure=resolution_late&format=csv&start={year}&end={today}",
        ),
        ("department table CSV, last year", f"/dashboard/department.csv?start={year}&end={today}"),
        ("trend CSV, last year", f"/dashboard/trend.csv?start={year}&end={today}"),
    ]


def run(label: str, url: str, data_dir: Path, cases: int, repeats: int, reuse: bool = False) -> None:
    settings = Settings(data_dir=data_dir, database_url=url, secret_key="bench", api_token="bench")
    runtime = bootstrap.build_runtime(settings)
    from app import create_app

    app = create_app(runtime=runtime)
    generated = refreshed = 0.0
    if not reuse:
        started = time.perf_counter()
        history.generate(runtime.engine, history.Plan(cases=cases, agents=40))
        generated = time.perf_counter() - started
        started = time.perf_counter()
        rollup.refresh(runtime.engine, settings.report_utc_offset_hours, full=True)
        refreshed = time.perf_counter() - started
    with Session(runtime.engine) as session:
        department = session.exec(select(Department.id).where(~Department.is_triage)).first()
        agent = session.exec(select(User.id).where(User.role == "agent")).first()
        supervisor = User(username=f"bench-supervisor-{secrets.token_hex(3)}", password_hash="!", role="supervisor")
        session.add(supervisor)
        session.commit()
        supervisor_id = supervisor.id
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"], flask_session["_fresh"] = str(supervisor_id), True
    print(f"\n== {label}: {cases:,} cases (generated in {generated:.0f}s, daily figures in {refreshed:.0f}s)")
    print(f"{'page':<42} {'median ms':>10} {'worst ms':>9}")
    for name, path in pages(department, agent, utcnow().date()):
        timings = []
        for _ in range(repeats):
            began = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        print(f"{name:<42} {statistics.median(timings):>10.0f} {max(timings):>9.0f}")
    db.dispose_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL server URL where a scratch database may be created")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--keep", help="keep the SQLite database in this directory (for profiling)")
    parser.add_argument("--reuse", action="store_true", help="time the pages of the database kept by --keep")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        scratch = args.keep or temporary
        if not args.skip_sqlite:
            url = f"sqlite:///{scratch}/bench.sqlite3"
            run("SQLite", url, Path(scratch) / "sqlite", args.cases, args.repeats, reuse=args.reuse)
        if args.postgres:
            name = f"civicline_bench_{secrets.token_hex(4)}"
            admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
                run("PostgreSQL", url, Path(scratch) / "pg", args.cases, args.repeats)
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
