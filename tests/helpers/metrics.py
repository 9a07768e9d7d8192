"""Worlds of cases written straight into the database, whose figures (headline rates, breakdowns, backlog) the
metrics and dashboard tests have counted by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from feedback.cases.models import Case, CaseEvent
from router.identity.models import Citizen
from staff.models import Department

NOW = datetime.now(UTC)


def world(session: Session):
    """Four cases of one citizen in two departments, opened ten days ago, that the figures are checked against by hand.

    Return the two departments and the cases.
    """
    departments = session.exec(select(Department).where(~Department.is_triage)).all()
    roads, schools = departments[0], departments[1]
    citizen = Citizen(language="zh", region="A1区")
    session.add(citizen)
    session.flush()
    opened = NOW - timedelta(days=10)
    specs = [  # (department, channel, first response after h, resolved after h, transfers, summary)
        (roads, "sms", 2, 30, 0, "路灯坏了"),
        (roads, "sms", 30, None, 1, "井盖丢了"),  # first response late (limit 24 h), unresolved past its limit
        (roads, "voice", 5, 200, 0, "<script>alert(1)</script>"),  # resolved late (limit 120 h)
        (schools, "telegram", 1, 10, 0, "补课收费"),
    ]
    cases = []
    for number, (dept, channel, first_h, resolved_h, transfers, summary) in enumerate(specs):
        case = Case(
            reference=f"90000000{number}",
            citizen_id=citizen.id,
            department_id=dept.id,
            channel=channel,
            summary=summary,
            region="A1区",
            opened_at=opened,
            updated_at=opened,
            transfer_count=transfers,
            first_response_at=opened + timedelta(hours=first_h),
            first_response_due_at=opened + timedelta(hours=24),
            resolution_due_at=opened + timedelta(hours=120),
            resolved_at=opened + timedelta(hours=resolved_h) if resolved_h else None,
            status="resolved" if resolved_h else "in_progress",
        )
        session.add(case)
        cases.append(case)
    session.flush()
    session.add(CaseEvent(case_id=cases[0].id, kind="reopened"))
    session.commit()
    return roads, schools, cases


def in_progress_case(reference: str, citizen: Citizen, department: Department, channel: str, opened: datetime) -> Case:
    """Return (not add) a case in progress of a citizen in a department, opened at a given time."""
    return Case(
        reference=reference,
        citizen_id=citizen.id,
        department_id=department.id,
        channel=channel,
        summary="路面塌陷",
        opened_at=opened,
        updated_at=opened,
        status="in_progress",
    )


def segment_world(session: Session):
    """Three citizens in two counties: a farmer over 60 with two sms cases, a teacher, and one with no profile."""
    departments = session.exec(select(Department).where(~Department.is_triage)).all()
    roads, schools = departments[0], departments[1]
    farmer = Citizen(language="zh", county="东湖县", township="河口镇", age_group="60_plus", occupation="农民")
    teacher = Citizen(language="zh", county="西山县", township="石门乡", age_group="35_59", occupation="教师")
    unknown = Citizen(language="zh")
    session.add_all([farmer, teacher, unknown])
    session.flush()
    opened = NOW - timedelta(days=5)
    specs = [(farmer, roads, "sms"), (farmer, schools, "sms"), (teacher, roads, "voice"), (unknown, roads, "sms")]
    for number, (citizen, department, channel) in enumerate(specs):
        session.add(in_progress_case(f"91000000{number}", citizen, department, channel, opened))
    session.commit()
    return roads, farmer
