"""Incident linking: pairwise precision and recall on the labelled set, and the cost per contact at scale.

Run from the repository root:  python -m bench.incidents [--cases 1000000]

The labelled set (tests/fixtures/incidents/reports.csv: paraphrased reports of
the same events across villages and streets, and unrelated messages, in Chinese
and English) is linked in time order as the intake does. Then a scratch SQLite
database gets `--cases` cases with their fingerprints spread over two years
(the last two days as busy as a county line gets), and new reports are linked
against it: the time per contact is what the intake pays.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import statistics
import tempfile
import time
from datetime import UTC, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, SQLModel, create_engine, select

import wiring.schema  # noqa: F401  (registers every table)
from core.clock import utcnow
from feedback.cases import search_index
from feedback.cases.models import Case
from feedback.incidents import keys, linking
from feedback.incidents.models import CaseFingerprint, ReportKey
from router.identity.models import Citizen
from router.likeness import fingerprint
from router.priority import assess
from staff.models import Department

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "fixtures" / "incidents" / "reports.csv"
TRAFFIC = ROOT.parent / "shared" / "data" / "traffic" / "messages_unlabelled.csv"


def labelled() -> None:
    """Print pairwise precision and recall of the intake's linking on the labelled set, in time order."""
    with LABELLED.open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: float(row["hour"]))
    start = utcnow() - timedelta(days=3)
    with tempfile.TemporaryDirectory() as folder, Session(_scratch(folder)) as session:
        cases = []
        for n, row in enumerate(rows):
            citizen = Citizen(village=row["village"] or None)
            session.add(citizen)
            session.flush()
            opened = start + timedelta(hours=float(row["hour"]))
            case = Case(reference=f"{n:09d}", citizen_id=citizen.id, department_id=1, channel="sms",
                        summary=row["text"], opened_at=opened)  # fmt: skip
            session.add(case)
            session.flush()
            linking.link(session, case, row["text"], citizen)
            cases.append(case.id)
        found = dict(session.exec(select(CaseFingerprint.case_id, CaseFingerprint.incident_id)).all())
    group = {n: found.get(case_id) or -n - 1 for n, case_id in enumerate(cases)}
    pairs = list(itertools.combinations(range(len(rows)), 2))
    truly = {(a, b) for a, b in pairs if rows[a]["event"] and rows[a]["event"] == rows[b]["event"]}
    linked = {(a, b) for a, b in pairs if group[a] == group[b]}
    events = len({row["event"] for row in rows if row["event"]})
    print(f"labelled set: {len(rows)} messages, {events} events, {len(truly)} true pairs")
    right = len(truly & linked)
    print(f"  pairwise precision {right / max(1, len(linked)):.3f}  ({right}/{len(linked)})")
    print(f"  pairwise recall    {right / max(1, len(truly)):.3f}  ({right}/{len(truly)})")


def _scratch(folder: str):
    """Return an engine on a new SQLite database in `folder` with every table and one department."""
    engine = create_engine(f"sqlite:///{folder}/bench.db")
    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        search_index.create_table(connection)  # the cases' search index, which no model describes
    with Session(engine) as session:
        session.add(Department(code="d", name_zh="部门", name_en="Dept"))
        session.commit()
    return engine


def _report_keys(batch: range, opened: list, marks: list, now) -> list[dict]:
    """The keys of the seeded cases recent enough for any reader, as the intake files them (`keys.record`)."""
    since = now - keys.KEPT
    rows = []
    for i, n in enumerate(batch):
        if opened[i] < since:
            continue
        mark = marks[n % len(marks)]
        for place in keys.places_of(mark) or ("",):
            for problem in keys.problems_of(mark):
                rows.append({"case_id": n + 1, "place": place, "problem": problem, "opened_at": opened[i]})
    return rows


def texts() -> list[str]:
    """Return realistic messages: the shared traffic when present, else the labelled set's."""
    path = TRAFFIC if TRAFFIC.exists() else LABELLED
    with path.open(encoding="utf-8") as handle:
        return [f"{row.get('subject', '')} {row['text']}"[:300] for row in csv.DictReader(handle)]


def at_scale(count: int) -> None:
    """Seed `count` cases with fingerprints and time linking new reports against them."""
    corpus = texts()
    fingerprints = [fingerprint(text) for text in corpus[:2000]]
    marks = [mark.stored() for mark in fingerprints]
    rng = random.Random(5)
    now = utcnow()
    with tempfile.TemporaryDirectory() as folder:
        engine = _scratch(folder)
        with Session(engine) as session:
            session.add_all(Citizen() for _ in range(1000))
            session.commit()
        started = time.perf_counter()
        with engine.begin() as connection:
            for start in range(0, count, 50_000):
                batch = range(start, min(count, start + 50_000))
                # Most cases are old; the last two days hold about 1,500 (a busy county line).
                opened = [now - timedelta(days=2 + rng.random() * 728) for _ in batch]
                for i, n in enumerate(batch):
                    if n >= count - 1500:
                        opened[i] = now - timedelta(hours=rng.random() * 47)
                connection.execute(
                    insert(Case),
                    [
                        {"reference": f"{n:09d}", "citizen_id": 1 + n % 1000, "department_id": 1, "channel": "sms",
                         "status": "resolved" if opened[i] < now - timedelta(days=30) else "new", "summary": "",
                         "opened_at": opened[i], "updated_at": opened[i], "priority": "normal", "kind": "report",
                         "language": "zh", "transfer_count": 0, "repeat_citizen": False, "repeat_topic": False,
                         "overdue": False, "callback_requested": False, "unreachable": False}
                        for i, n in enumerate(batch)
                    ],
                )  # fmt: skip
                connection.execute(
                    insert(CaseFingerprint),
                    [
                        {"case_id": n + 1, "department_id": 1, "opened_at": opened[i],
                         "places": marks[n % len(marks)][0], "problems": marks[n % len(marks)][1],
                         "shingles": marks[n % len(marks)][2]}
                        for i, n in enumerate(batch)
                    ],
                )  # fmt: skip
                connection.execute(insert(ReportKey), _report_keys(batch, opened, fingerprints, now))
        print(f"{count:,} cases with fingerprints seeded in {time.perf_counter() - started:.0f} s (SQLite)")
        times = []
        with Session(engine) as session:
            citizen = session.get(Citizen, 1)
            assert citizen is not None
            for n, text in enumerate(rng.sample(corpus, 200)):
                case = Case(
                    reference=f"N{n:08d}", citizen_id=1, department_id=1, channel="sms", summary=text, opened_at=now
                )
                session.add(case)
                session.flush()
                dangers = assess(text).reasons  # the router has read these before the case is opened
                began = time.perf_counter()
                linking.link(session, case, text, citizen, dangers)
                times.append((time.perf_counter() - began) * 1000)
            session.rollback()
        times.sort()
        print(f"  linking a new report: median {statistics.median(times):.2f} ms, 95th {times[189]:.2f} ms")
        pages(engine, now)


def pages(engine, now) -> None:
    """Time what the supervisors' hot-spot page reads: the hot spots of 30 days and the recurring problems."""
    from feedback.hotspots import cases, recurring
    from feedback.hotspots.mining import mine

    spent: dict[str, list[float]] = {"hot spots (30 days)": [], "recurring problems (120 days)": []}
    for _ in range(5):
        with Session(engine) as session:
            began = time.perf_counter()
            mine(cases.messages(session, now - timedelta(days=30), now))
            spent["hot spots (30 days)"].append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            recurring.find(session, now)
            spent["recurring problems (120 days)"].append((time.perf_counter() - began) * 1000)
    for what, values in spent.items():
        print(f"  hot-spot page, {what}: median {statistics.median(values):.0f} ms, worst {max(values):.0f} ms")
    snapshot_times(engine)


def snapshot_times(engine) -> None:
    """Time the worker's snapshot of the page's default view, and the page reading it (an embedded Redis)."""
    import redis

    from core.redis_server import ensure_embedded, stop_embedded
    from feedback.hotspots import snapshot

    with tempfile.TemporaryDirectory() as folder:
        connection = redis.Redis.from_url(ensure_embedded(Path(folder)))
        try:
            with Session(engine) as session:
                began = time.perf_counter()
                snapshot.refresh(session, connection, UTC)
                made = (time.perf_counter() - began) * 1000
            reads = []
            for _ in range(20):
                began = time.perf_counter()
                snapshot.read(connection)
                reads.append((time.perf_counter() - began) * 1000)
        finally:
            stop_embedded(Path(folder))
    print(f"  hot-spot page's snapshot: made by the worker in {made:.0f} ms; read by the page in "
          f"median {statistics.median(reads):.1f} ms, worst {max(reads):.1f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    labelled()
    at_scale(args.cases)


if __name__ == "__main__":
    main()
