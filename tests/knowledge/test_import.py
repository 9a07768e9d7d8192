"""Importing articles from CSV and Markdown: good rows are kept, bad ones are reported by line, nothing half-written."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from knowledge import formats, importer
from knowledge.models import Article
from tests.helpers import FIXTURES
from tests.helpers.knowledge import SEED

BAD_ROWS = (FIXTURES / "knowledge" / "articles_with_bad_rows.csv").read_text(encoding="utf-8")
MARKDOWN = (FIXTURES / "knowledge" / "articles.md").read_text(encoding="utf-8")


def stored(runtime) -> dict[str, Article]:
    with Session(runtime.engine) as session:
        return {a.title: a for a in session.exec(select(Article))}


def test_a_csv_with_bad_rows_keeps_the_good_ones_and_names_each_bad_line(runtime):
    report = importer.import_text(runtime, "articles_with_bad_rows.csv", BAD_ROWS)

    assert (report.total, report.created, report.updated) == (9, 2, 0)
    problems = {p.line: p.message for p in report.problems}
    # The fishing permit row spans lines 4-7 (quoted newlines), so the rows after it start at 8.
    assert sorted(problems) == [3, 8, 9, 10, 11, 12, 13]
    assert "title is missing" in problems[3]
    assert "language must be one of zh, en" in problems[8]
    assert "at most 306 fit in two SMS" in problems[9]
    assert "unknown department code 'no_such_department'" in problems[10]
    assert "published must be yes or no" in problems[11]
    assert "already has the title 'Dog licence'" in problems[12]
    assert "reviewed must be a date" in problems[13]
    articles = stored(runtime)
    assert set(articles) == {"Dog licence", "Fishing permit"}
    assert articles["Fishing permit"].questions == ["Where do I get a fishing permit?", "Can I fish in the reservoir?"]
    assert articles["Fishing permit"].body == "Long\nbody\nover lines"
    assert articles["Dog licence"].keywords == ["dog", "licence"]


def test_a_markdown_file_is_read_article_by_article_with_title_line_numbers(runtime):
    report = importer.import_text(runtime, "articles.md", MARKDOWN)
    assert (report.created, [(p.line, p.message) for p in report.problems]) == (2, [(18, "short answer is missing")])
    sorting = stored(runtime)["垃圾分类投放时间"]
    assert sorting.questions == ["垃圾几点可以扔？", "厨余垃圾什么时候投放？"]
    assert sorting.keywords == ["垃圾分类", "投放时间", "厨余垃圾"] and sorting.reviewed_on.isoformat() == "2026-09-15"
    assert sorting.body == "详见各小区公告栏。" and sorting.department_id is not None


def test_importing_the_same_file_again_updates_instead_of_duplicating(runtime):
    importer.import_text(runtime, "articles.md", MARKDOWN)
    again = importer.import_text(runtime, "articles.md", MARKDOWN.replace("8:00-17:00", "8:30-17:30"))
    assert (again.created, again.updated) == (0, 2)
    assert "8:30-17:30" in stored(runtime)["Recycling centre hours"].short_answer
    assert len(stored(runtime)) == 2


def test_a_csv_without_the_required_columns_is_refused_and_writes_nothing(runtime):
    with pytest.raises(formats.FormatError, match="lacks the column"):
        importer.import_text(runtime, "wrong.csv", "name,answer\nx,y\n")
    with pytest.raises(formats.FormatError, match=r"only \.csv and \.md"):
        importer.import_text(runtime, "articles.xlsx", "whatever")
    assert stored(runtime) == {}


def test_progress_is_reported_until_every_article_is_counted(runtime, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 10)
    lines = ["title,short_answer,language"] + [f"Topic {n},Answer {n}.,en" for n in range(35)]
    seen: list[tuple[int, int]] = []
    importer.import_text(runtime, "many.csv", "\n".join(lines), lambda done, total: seen.append((done, total)))
    assert seen == [(10, 35), (20, 35), (30, 35), (35, 35)]


def test_the_cli_imports_the_shipped_seed_faq(app, runtime):
    result = app.test_cli_runner().invoke(args=["knowledge", "import", *map(str, sorted(SEED.glob("*.md")))])
    assert result.exit_code == 0, result.output
    assert "29 created" in result.output and "22 created" in result.output


def test_the_cli_lists_bad_lines_and_exits_non_zero(app, runtime, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["knowledge", "import", str(path)])
    assert result.exit_code == 1
    assert "2 created" in result.stdout and f"{path}:3: title is missing" in result.stderr
