"""Import articles from a file: keep every good article, report each bad one with its line number.

An article with the same language and title as an existing one updates it. Articles are written in
chunks, each chunk in its own transaction, so a large import shows progress and an article is
either fully written or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from rq import get_current_job
from sqlmodel import Session, select

from core.clock import utcnow
from core.db import id_of
from core.runtime import Runtime, current
from knowledge import drafts as checks
from knowledge import formats
from knowledge.drafts import Draft, Problem
from knowledge.models import Article
from staff.models import Department

CHUNK = 200
Progress = Callable[[int, int], None]


@dataclass
class Report:
    """What an import did: how many articles it created and updated, and the problems it found."""

    total: int = 0
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def department_codes(session: Session) -> dict[str, int]:
    """Return department ids by code."""
    return {d.code: id_of(d) for d in session.exec(select(Department))}


def import_text(runtime: Runtime, filename: str, content: str, progress: Progress | None = None) -> Report:
    """Read a file's text and save its good articles; raise FormatError when nothing can be read."""
    found = formats.read(filename, content)
    report = Report(total=len(found))
    with runtime.session() as session:
        departments = department_codes(session)
    good = _sort_out(found, departments, report)
    done = len(found) - len(good)
    for start in range(0, len(good), CHUNK):
        with runtime.session() as session:
            for draft in good[start : start + CHUNK]:
                _save(session, checks.values(draft, departments), report)
        done += len(good[start : start + CHUNK])
        if progress:
            progress(done, report.total)
    if progress and not good:
        progress(report.total, report.total)
    report.problems.sort(key=lambda p: p.line)
    return report


def _sort_out(found: list[Draft], departments: dict[str, int], report: Report) -> list[Draft]:
    good, seen = [], set()
    for draft in found:
        messages = checks.problems(draft, departments)
        key = (draft.language, draft.title.strip())
        if not messages and key in seen:
            messages = [f"another article in this file already has the title {draft.title.strip()!r}"]
        if messages:
            report.problems.append(Problem(draft.line, "; ".join(messages)))
            continue
        seen.add(key)
        good.append(draft)
    return good


def _save(session: Session, fields: dict, report: Report) -> None:
    existing = session.exec(
        select(Article).where(Article.language == fields["language"], Article.title == fields["title"])
    ).first()
    article = existing or Article(**fields)
    if existing:
        for name, value in fields.items():
            setattr(existing, name, value)
    article.updated_at = utcnow()
    session.add(article)
    if existing:
        report.updated += 1
    else:
        report.created += 1


def run_import(filename: str, content: str) -> dict:
    """Import a file (the rq job behind the admin page's upload), reporting progress in the job's meta."""
    job = get_current_job()

    def progress(done: int, total: int) -> None:
        if job is not None:
            job.meta.update(done=done, total=total)
            job.save_meta()

    try:
        return import_text(current(), filename, content, progress).as_dict()
    except formats.FormatError as exc:
        return {**Report().as_dict(), "error": str(exc)}
