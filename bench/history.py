"""Synthetic case history for demos and benchmarks: a year of cases across departments, channels and regions.

Shapes follow real hotline traffic: contacts peak mid-morning and mid-afternoon,
resolution times are log-normal with a median of about eleven days and a long
tail (the 2019 provincial message board's official replies: median 11.2 days,
90th percentile 41 days). Rows are written with bulk inserts, so a million
cases take minutes, not hours.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine

from core.clock import utcnow
from feedback.cases.models import Case, CaseEvent
from feedback.cases.reference import check_digit
from feedback.cases.statuses import OPEN_STATUSES
from feedback.surveys.models import SurveyResponse
from router.identity.models import Citizen
from staff.models import Department, User, UserDepartment

HOUR_WEIGHTS = (2, 1, 1, 1, 1, 1, 2, 4, 10, 14, 20, 19, 11, 12, 16, 18, 15, 12, 9, 8, 7, 8, 8, 5)
CHANNELS = (("sms", 45), ("voice", 25), ("telegram", 15), ("email", 10), ("in_person", 5))
KINDS = (("complaint", 35), ("help_request", 25), ("report", 20), ("consultation", 15), ("suggestion", 5))
PRIORITIES = (("normal", 85), ("high", 11), ("urgent", 4))
COUNTIES = ("A1区", "A2区", "A3区", "A4区", "A5区", "A6区", "A7县", "B1县", "B2县", "C1市")
TOWNSHIPS = ("城关镇", "河口镇", "石门乡", "新桥街道", "东坪乡", "长岭镇")
AGE_GROUPS = (("under_18", 3), ("18_34", 30), ("35_59", 45), ("60_plus", 22))
OCCUPATIONS = ("农民", "个体经营", "企业职工", "教师", "退休", "学生", "外来务工")
SUMMARIES = (
    "路灯坏了好几天没人修",
    "小区物业乱收费",
    "工地夜间施工噪音扰民",
    "拖欠农民工工资",
    "学校违规补课收费",
    "公交车班次太少",
    "河道有人倾倒垃圾",
    "医保报销流程太复杂",
    "低保申请一直没有结果",
    "The bus never comes on time",
    "Noise from the factory at night",
    "Street light broken near the school",
    "Unpaid wages for three months",
)
SURVEY_WEIGHTS = (55, 25, 10, 5, 5)
SEQUENCE_BASE = 50_000_000  # synthetic references start here, clear of the random ones (8-digit bodies)


@dataclass(frozen=True)
class Plan:
    """How much history to make."""

    cases: int
    days: int = 365
    citizens: int = 0
    agents: int = 40
    seed: int = 12345
    end: datetime | None = None


def generate(engine: Engine, plan: Plan, chunk: int = 10_000, progress=None) -> int:
    """Write the plan's citizens, agents and cases; return how many cases were written."""
    rng = random.Random(plan.seed)
    end = plan.end or utcnow()
    with engine.begin() as connection:
        departments = [row.id for row in connection.execute(select(Department.id).where(~Department.is_triage))]
        if not departments:
            raise ValueError("no departments: start the service once (or run `departments sync`) first")
        first_citizen = _add_citizens(connection, plan.citizens or max(plan.cases // 3, 1), rng)
        agents = _add_agents(connection, plan.agents, departments, rng)
        start_seq = connection.execute(select(func.count()).select_from(Case)).scalar_one()
    written = 0
    citizen_count = plan.citizens or max(plan.cases // 3, 1)
    for batch in _batches(_cases(plan, rng, end, departments, agents, first_citizen, citizen_count, start_seq), chunk):
        cases, events, surveys = batch
        with engine.begin() as connection:
            ids = _insert_cases(connection, cases)
            if events:
                connection.execute(insert(CaseEvent), [dict(e, case_id=ids[e.pop("index")]) for e in events])
            if surveys:
                connection.execute(insert(SurveyResponse), [dict(r, case_id=ids[r.pop("index")]) for r in surveys])
        written += len(cases)
        if progress:
            progress(written, plan.cases)
    if engine.dialect.name == "postgresql":
        # Autovacuum would gather statistics some minutes later; until then the planner takes a million new
        # rows for an empty table and picks plans that are a thousand times slower.
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return written


def _add_citizens(connection, count: int, rng: random.Random) -> int:
    now = utcnow()
    rows = [_citizen(rng, now) for _ in range(count)]
    first = None
    for start in range(0, count, 10_000):
        result = connection.execute(insert(Citizen).returning(Citizen.id), rows[start : start + 10_000])
        ids = [row[0] for row in result]
        first = first if first is not None else min(ids)
    return first or 0


def _citizen(rng: random.Random, now) -> dict:
    # About 60 % of citizens have had their profile filled in by an agent.
    region, profiled = rng.choice(COUNTIES), rng.random() < 0.6
    return {
        "language": "zh" if rng.random() < 0.9 else "en",
        "region": region,
        "county": region if profiled else None,
        "township": rng.choice(TOWNSHIPS) if profiled else None,
        "age_group": _weighted(rng, AGE_GROUPS) if profiled else None,
        "occupation": rng.choice(OCCUPATIONS) if profiled else None,
        "created_at": now,
        "updated_at": now,
    }


def _add_agents(connection, count: int, departments: list[int], rng: random.Random) -> list[tuple[int, int]]:
    suffix = rng.randrange(10**6)
    agents = []
    for index in range(count):
        user_id = connection.execute(
            insert(User).returning(User.id),
            {
                "username": f"synthetic-{suffix}-{index:03d}",
                "display_name": f"Agent {index:03d}",
                "password_hash": "!synthetic (cannot sign in)",
                "role": "agent",
                "language": "zh",
                "languages": "zh,en",
                "max_open_cases": 30,
                "active": True,
                "created_at": utcnow(),
            },
        ).scalar_one()
        department = departments[index % len(departments)]
        connection.execute(insert(UserDepartment), {"user_id": user_id, "department_id": department})
        agents.append((user_id, department))
    return agents


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _cases(plan, rng, end, departments, agents, first_citizen, citizen_count, start_seq) -> Iterator[tuple]:
    by_department: dict[int, list[int]] = {}
    for user_id, department in agents:
        by_department.setdefault(department, []).append(user_id)
    day_weights = [0.9 + 0.2 * rng.random() for _ in range(plan.days)]
    for index in range(plan.cases):
        opened = _opened_at(rng, end, plan.days, day_weights)
        department = rng.choice(departments)
        yield _case(
            rng,
            index + start_seq,
            opened,
            end,
            department,
            by_department.get(department, []),
            first_citizen + rng.randrange(citizen_count),
        )


def _opened_at(rng: random.Random, end: datetime, days: int, day_weights: list[float]) -> datetime:
    day = rng.choices(range(days), weights=day_weights)[0]
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    midnight = (end - timedelta(days=day + 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(hours=hour, seconds=rng.randrange(3600))


def _case(rng, sequence, opened, end, department, agents, citizen_id) -> tuple[dict, list, list]:
    priority = _weighted(rng, PRIORITIES)
    first_limit = {"urgent": timedelta(hours=2), "high": timedelta(hours=12)}.get(priority, timedelta(days=1))
    resolve_limit = {"urgent": timedelta(days=1), "high": timedelta(days=5)}.get(priority, timedelta(days=15))
    scale = {"urgent": 0.1, "high": 0.5}.get(priority, 1.0)
    first_response = opened + timedelta(hours=rng.lognormvariate(math.log(6 * scale), 1.0))
    resolved = opened + timedelta(days=rng.lognormvariate(math.log(11.2 * scale), 1.013))
    reopened = rng.random() < 0.03
    case = {
        "reference": _reference(sequence),
        "citizen_id": citizen_id,
        "department_id": department,
        "priority": priority,
        "kind": _weighted(rng, KINDS),
        "channel": _weighted(rng, CHANNELS),
        "language": "zh",
        "summary": rng.choice(SUMMARIES),
        "region": rng.choice(COUNTIES),
        "assignee_id": rng.choice(agents) if agents and rng.random() < 0.95 else None,
        "transfer_count": rng.choices((0, 1, 2), weights=(86, 11, 3))[0],
        "public": rng.random() < 0.2,
        "repeat_citizen": (repeat := rng.random() < 0.09),
        "repeat_topic": repeat and rng.random() < 0.6,
        "opened_at": opened,
        "updated_at": opened,
        "first_response_due_at": opened + first_limit,
        "resolution_due_at": opened + resolve_limit,
        "routing_confidence": round(rng.uniform(0.5, 1.0), 3),
    }
    case.update(_progress(rng, case, first_response, resolved, end))
    events = (
        [
            {
                "index": 0,
                "kind": "reopened",
                "actor": "citizen",
                "from_status": "resolved",
                "to_status": "in_progress",
                "detail": {},
                "created_at": min(resolved, end),
            }
        ]
        if reopened
        else []
    )
    return case, events, _survey(rng, case, end)


def _survey(rng, case, end) -> list[dict]:
    # About 60 % of citizens answer; most answers are favourable, as 12345 centres report.
    resolved = case.get("resolved_at")
    if resolved is None or rng.random() > 0.6:
        return []
    asked, answered = resolved + timedelta(minutes=5), resolved + timedelta(hours=rng.uniform(0.1, 48))
    if answered > end:
        return []
    score = rng.choices((5, 4, 3, 2, 1), weights=SURVEY_WEIGHTS)[0]
    return [
        {
            "index": 0,
            "citizen_id": case["citizen_id"],
            "channel": case["channel"],
            "asked_at": asked,
            "answered_at": answered,
            "answered_via": case["channel"],
            "score": score,
            "solved": score >= 3,
            "flagged": score <= 2,
            "help_replies": 0,
        }
    ]


def _progress(rng, case, first_response, resolved, end) -> dict:
    values = {"status": "new", "overdue": end > case["resolution_due_at"]}
    if first_response <= end:
        values["first_response_at"] = first_response
        values["status"] = rng.choice(OPEN_STATUSES[1:])
    if resolved <= end and first_response <= resolved:
        answered = resolved + timedelta(minutes=rng.randrange(1, 240))
        closed = resolved + timedelta(days=rng.uniform(1, 7))
        values.update(
            resolved_at=resolved,
            answered_at=answered if answered <= end else None,
            updated_at=resolved,
            overdue=resolved > case["resolution_due_at"],
        )
        values["status"] = "closed" if closed <= end else "resolved"
        if closed <= end:
            values["closed_at"] = closed
    return values


def _reference(sequence: int) -> str:
    body = str(SEQUENCE_BASE + sequence)
    return body + check_digit(body)


def _batches(items, size: int) -> Iterator[tuple[list[dict], list[dict], list[dict]]]:
    cases: list[dict] = []
    events: list[dict] = []
    surveys: list[dict] = []
    for case, case_events, case_surveys in items:
        events.extend(dict(event, index=len(cases)) for event in case_events)
        surveys.extend(dict(survey, index=len(cases)) for survey in case_surveys)
        cases.append(case)
        if len(cases) == size:
            yield cases, events, surveys
            cases, events, surveys = [], [], []
    if cases:
        yield cases, events, surveys


def _insert_cases(connection, cases: list[dict]) -> list[int]:
    columns = sorted({key for case in cases for key in case})
    rows = [{column: case.get(column) for column in columns} for case in cases]
    result = connection.execute(insert(Case).returning(Case.id, sort_by_parameter_order=True), rows)
    return [row[0] for row in result]


def main(argv: list[str] | None = None) -> None:
    """Write synthetic cases into this install's database, then bring the dashboard figures up to date."""
    import argparse
    import time

    from feedback.metrics import rollup
    from wiring import bootstrap

    parser = argparse.ArgumentParser(description="Write CASES synthetic cases over the last DAYS days.")
    parser.add_argument("--cases", type=int, default=10_000, help="how many cases (1 to 5,000,000)")
    parser.add_argument("--days", type=int, default=365, help="spread over this many days before today (1 to 1098)")
    parser.add_argument("--agents", type=int, default=40, help="synthetic agents to assign cases to (0 to 1000)")
    parser.add_argument("--seed", type=int, default=12345)
    args = parser.parse_args(argv)
    if not (1 <= args.cases <= 5_000_000 and 1 <= args.days <= 3 * 366 and 0 <= args.agents <= 1000):
        parser.error("--cases 1..5000000, --days 1..1098, --agents 0..1000")
    runtime = bootstrap.build_runtime()
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} cases", end="", flush=True)

    try:
        generate(
            runtime.engine,
            Plan(cases=args.cases, days=args.days, agents=args.agents, seed=args.seed),
            progress=progress,
        )
    except ValueError as exc:
        parser.exit(1, f"\n{exc}\n")
    print(f"\n{args.cases} cases written in {time.perf_counter() - started:.0f}s; refreshing the dashboard figures…")
    days_done = rollup.refresh(runtime.engine, runtime.settings.report_utc_offset_hours, full=True)
    print(f"{days_done} days of figures ready")


if __name__ == "__main__":
    main()
