"""Departments side by side for a period: the 三率, on-time work (their cases and their assisting tasks), returns
(退单) and how the centre settled them, supervision notices (督办), and a ranking on those rates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from core.clock import utcnow
from feedback.collaboration.models import OPEN, PENDING, REJECTED, UPHELD, AssistTask, CaseReturn, SupervisionNotice
from feedback.metrics import definitions, reports
from feedback.metrics.reports import ReportFilter

RATES = ("contact_rate", "resolution_rate", "satisfaction_rate", "on_time_rate")


@dataclass
class Standing:
    """One department's figures for the period (cases opened in it, tasks, returns and notices raised in it)."""

    department_id: int
    cases: int = 0
    contact_rate: float | None = None  # 响应率: first response in time
    resolution_rate: float | None = None  # 解决率: solved, by the citizen's word
    satisfaction_rate: float | None = None  # 满意率
    on_time_rate: float | None = None  # its cases resolved and its assisting tasks finished in time
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def return_rate(self) -> float | None:
        return definitions.rate(self.counts["returns"], self.cases)

    @property
    def score(self) -> float | None:
        """The mean of the rates there is something to measure for; None when there is none."""
        known = [getattr(self, name) for name in RATES if getattr(self, name) is not None]
        return sum(known) / len(known) if known else None


def ranking(session: Session, report: ReportFilter, now: datetime | None = None) -> list[Standing]:
    """Return every department with activity in the period, best score first."""
    now = now or utcnow()
    start, end = report.bounds()
    case_figures = dict(reports.breakdown(session, report.without("department"), "department"))
    standings: dict[int, Standing] = {}

    def standing(department_id: int) -> Standing:
        return standings.setdefault(department_id, Standing(department_id))

    due_work: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # department → [due, on time]
    for value, figures in case_figures.items():
        if not value.isdigit():
            continue
        row, headline = standing(int(value)), definitions.headline(figures)
        row.cases = figures["cases"]
        row.contact_rate, row.resolution_rate = headline["response_rate"], headline["resolution_rate"]
        row.satisfaction_rate = headline["satisfaction_rate"]
        due_work[row.department_id] = [figures["resolution_due"], figures["resolution_on_time"]]
    _count_tasks(session, start, end, now, standing, due_work)
    _count_returns(session, start, end, standing)
    _count_notices(session, start, end, now, standing)
    for department_id, (due, on_time) in due_work.items():
        standing(department_id).on_time_rate = definitions.rate(on_time, due)
    return sorted(standings.values(), key=lambda s: (s.score is None, -(s.score or 0), -s.cases, s.department_id))


def _count_tasks(session, start, end, now, standing, due_work) -> None:
    query = select(AssistTask).where(col(AssistTask.created_at) >= start, col(AssistTask.created_at) < end)
    for task in session.exec(query):
        row = standing(task.department_id)
        row.counts["assists"] += 1
        finished = task.finished_at if task.status != OPEN else None
        if finished is None and task.due_at > now:
            continue  # still running: neither on time nor late yet
        on_time = finished is not None and finished <= task.due_at
        row.counts["assists_on_time"] += on_time
        due_work[task.department_id][0] += 1
        due_work[task.department_id][1] += on_time


def _count_returns(session, start, end, standing) -> None:
    query = select(CaseReturn).where(col(CaseReturn.created_at) >= start, col(CaseReturn.created_at) < end)
    for record in session.exec(query):
        row = standing(record.department_id)
        row.counts["returns"] += 1
        row.counts[{UPHELD: "upheld", REJECTED: "rejected", PENDING: "pending"}[record.status]] += 1


def _count_notices(session, start, end, now, standing) -> None:
    query = select(SupervisionNotice).where(
        col(SupervisionNotice.issued_at) >= start, col(SupervisionNotice.issued_at) < end
    )
    for notice in session.exec(query):
        row = standing(notice.department_id)
        row.counts["notices"] += 1
        row.counts["notices_answered"] += notice.replied_at is not None
        answered_late = notice.replied_at is not None and notice.replied_at > notice.reply_by
        row.counts["notices_overdue"] += answered_late or (notice.replied_at is None and notice.reply_by <= now)
