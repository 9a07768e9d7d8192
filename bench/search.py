"""How fast the inbox search is over many cases: builds them on SQLite (and PostgreSQL), prints search p95.

Usage: python bench/search.py [--count 1000000] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
                              [--runs 40]

Cases are bulk-loaded (executemany on SQLite, COPY on PostgreSQL) with their search rows already made,
so loading does not measure the index writer; each summary's words come from the same
`knowledge.tokens.index_words` the index uses. The searches are the inbox's own query
(`web.inbox_query.page`, with its count), for an agent in three departments and for a supervisor.
The SQLite file lives in a temporary folder and the PostgreSQL database is dropped at the end.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from feedback.cases.reference import check_digit
from feedback.cases.search_index import department_word
from knowledge.tokens import index_words
from staff.models import Department
from web.access import Actor
from web.inbox_query import InboxRequest, page
from wiring import migrate

PLACES = ("村口", "小区", "学校门口", "菜市场", "医院旁边", "公交站", "河边", "工业园", "老街", "新村", "镇政府对面",
          "火车站", "幼儿园", "敬老院", "体育馆", "图书馆", "停车场", "农贸市场", "商业街", "高速路口")  # fmt: skip
MATTERS = ("路灯不亮", "井盖丢失", "垃圾没人清运", "噪音扰民", "停水三天", "停电", "占道经营", "污水横流",
           "违章建筑", "拖欠工资", "物业乱收费", "道路积水", "树木倒伏", "油烟扰民", "公交晚点", "网络信号差",
           "燃气泄漏", "电梯故障", "野狗伤人", "施工扬尘", "医保报销慢", "低保没结果", "学校乱收费",
           "Street light broken", "Noise at night", "Water outage")  # fmt: skip
URGENCY = ("", "，已经好几天了", "，请尽快处理", "，非常危险", "，多次反映没人管", "，希望有人来看看")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超")
QUERIES = ("路灯", "噪音扰民", "垃圾 小区", "停水", "王秀英", "电梯故障 医院", "noise", "幼儿园 燃气")


@cache
def _words(text_: str) -> frozenset[str]:
    return frozenset(index_words(text_))


def _rows(count: int, departments: list[int], seed: int = 7):
    """Yield (case row, citizen row, the case's index words) for `count` synthetic cases."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    for i in range(1, count + 1):
        summary = rng.choice(PLACES) + rng.choice(MATTERS) + rng.choice(URGENCY)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        national = f"1{rng.choice('3578')}{i:09d}"
        body = f"{i:08d}"
        reference = body + check_digit(body)
        department = rng.choice(departments)
        words = set(_words(summary)) | _words(name) | {name, reference, "86" + national, national}
        words.add(department_word(department))
        status = rng.choice(("new", "assigned", "in_progress", "resolved", "closed", "closed"))
        opened = now - timedelta(minutes=i)
        case = {"id": i, "reference": reference, "citizen_id": i, "department_id": department,
                "status": status, "summary": summary, "opened_at": opened, "updated_at": opened}  # fmt: skip
        yield case, {"id": i, "name": name, "phone": "+86" + national}, words


CASE_DEFAULTS = {"priority": "normal", "kind": "report", "channel": "sms", "language": "zh", "transfer_count": 0,
                 "repeat_citizen": False, "repeat_topic": False, "overdue": False, "callback_requested": False,
                 "unreachable": False, "public": False, "urge_count": 0}  # fmt: skip


def load_sqlite(engine, count: int, departments: list[int]) -> None:
    raw = engine.raw_connection()
    try:
        raw.execute("PRAGMA synchronous = OFF")
        columns = [*CASE_DEFAULTS, "id", "reference", "citizen_id", "department_id", "status", "summary",
                   "opened_at", "updated_at"]  # fmt: skip
        case_sql = f'INSERT INTO "case" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        batch: list = []
        for case, citizen, words in _rows(count, departments):
            batch.append((case, citizen, words))
            if len(batch) == 20_000:
                _sqlite_batch(raw, case_sql, columns, batch)
                batch = []
        _sqlite_batch(raw, case_sql, columns, batch)
        raw.commit()
    finally:
        raw.close()


def _sqlite_batch(raw, case_sql: str, columns: list[str], batch: list) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    raw.executemany("INSERT INTO citizen (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    [(c["id"], c["name"], now, now) for _, c, _ in batch])  # fmt: skip
    raw.executemany("INSERT INTO identity (urn, scheme, citizen_id, shared, created_at) VALUES (?, 'tel', ?, 0, ?)",
                    [("tel:" + c["phone"], c["id"], now) for _, c, _ in batch])  # fmt: skip
    values = []
    for case, _, _ in batch:
        row = {**CASE_DEFAULTS, **case}
        row["opened_at"] = row["updated_at"] = case["opened_at"].strftime("%Y-%m-%d %H:%M:%S.%f")
        values.append(tuple(row[c] for c in columns))
    raw.executemany(case_sql, values)
    raw.executemany("INSERT INTO case_search (rowid, body) VALUES (?, ?)",
                    [(case["id"], " ".join(sorted(words))) for case, _, words in batch])  # fmt: skip


def load_postgres(engine, count: int, departments: list[int]) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        columns = [*CASE_DEFAULTS, "id", "reference", "citizen_id", "department_id", "status", "summary",
                   "opened_at", "updated_at"]  # fmt: skip
        rows = list(_rows(count, departments))
        now = datetime.now(UTC)
        with cursor.copy("COPY citizen (id, name, created_at, updated_at) FROM STDIN") as copy:
            for _, citizen, _ in rows:
                copy.write_row((citizen["id"], citizen["name"], now, now))
        with cursor.copy("COPY identity (urn, scheme, citizen_id, shared, created_at) FROM STDIN") as copy:
            for _, citizen, _ in rows:
                copy.write_row(("tel:" + citizen["phone"], "tel", citizen["id"], False, now))
        with cursor.copy(f'COPY "case" ({", ".join(columns)}) FROM STDIN') as copy:
            for case, _, _ in rows:
                row = {**CASE_DEFAULTS, **case}
                copy.write_row(tuple(row[c] for c in columns))
        with cursor.copy("COPY case_search (case_id, doc) FROM STDIN") as copy:
            for case, _, words in rows:
                copy.write_row((case["id"], " ".join("'" + w.replace("'", "''") + "'" for w in sorted(words))))
        for table in ("citizen", "identity", "case"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))"
            )
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def measure(engine, runs: int) -> None:
    with Session(engine) as session:
        departments = list(session.exec(select(Department.id)))
    agent = Actor(name="agent", staff=_Agent(frozenset(departments[:3])))  # type: ignore[arg-type]
    for label, actor in (("agent in 3 departments", agent), ("supervisor", Actor(name="api"))):
        times: list[float] = []
        totals: dict[str, int] = {}
        for run in range(runs):
            for term in QUERIES:
                with Session(engine) as session:
                    start = time.perf_counter()
                    _cases, total = page(session, actor, InboxRequest("all", search=term), "CN")
                    if run:
                        times.append((time.perf_counter() - start) * 1000)
                    totals[term] = total
        times.sort()
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
        print(f"  {label:24s} search p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({len(times)} searches)")
    print("  matches: " + ", ".join(f"{t}={n}" for t, n in totals.items()))


class _Agent:
    """What web.access.Actor reads of a signed-in agent."""

    def __init__(self, departments: frozenset[int]) -> None:
        self.id = 1
        self.department_ids = departments

    def at_least(self, role: str) -> bool:
        return role == "agent"


def _departments(engine) -> list[int]:
    from staff import catalogue

    specs = catalogue.load(catalogue.DEFAULT_CATALOGUE)
    with Session(engine) as session:
        catalogue.seed(session, specs)
        session.commit()
        return list(session.exec(select(Department.id)))


def run(url: str, workdir: Path, count: int, runs: int, label: str) -> None:
    migrate.upgrade(url, workdir)
    engine = create_engine(url)
    try:
        departments = _departments(engine)
        start = time.perf_counter()
        (load_postgres if engine.dialect.name == "postgresql" else load_sqlite)(engine, count, departments)
        print(f"{label}: {count} cases loaded in {time.perf_counter() - start:.0f} s")
        measure(engine, runs)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--postgres", default="", help="a server URL; a scratch database is made and dropped")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if not args.no_sqlite:
            run(f"sqlite:///{folder}/search.sqlite3", Path(folder), args.count, args.runs, "SQLite")
        if args.postgres:
            name = f"civicline_bench_{secrets.token_hex(4)}"
            admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
                run(url, Path(folder), args.count, args.runs, "PostgreSQL")
            finally:
                from core import db

                db.dispose_all()
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
