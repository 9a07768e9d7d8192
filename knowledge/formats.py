"""Read articles from CSV and Markdown files into drafts that remember their line numbers.

CSV: a header row with `title, questions, short_answer, body, language,
department, keywords, published, reviewed` (only title, short_answer and
language are required); question variants separated by `|` or newlines.

Markdown: each `# Title` starts an article; `key: value` lines under it set
language, department, keywords, published, reviewed; then `## Questions` (a
list), `## Short answer` and `## Body`. See docs/knowledge.md.
"""

from __future__ import annotations

import csv
import io
import re

from knowledge.drafts import Draft, split_keywords, split_list

CSV_COLUMNS = (
    "title",
    "questions",
    "short_answer",
    "body",
    "language",
    "department",
    "keywords",
    "published",
    "reviewed",
)
REQUIRED_COLUMNS = ("title", "short_answer", "language")
SECTIONS = {
    "questions": "questions",
    "问题": "questions",
    "问法": "questions",
    "short answer": "short_answer",
    "answer": "short_answer",
    "简短答复": "short_answer",
    "简答": "short_answer",
    "body": "body",
    "details": "body",
    "正文": "body",
    "详细说明": "body",
}
_META = re.compile(r"^[-*]?\s*([A-Za-z_\u4e00-\u9fff ]+?)\s*[:：]\s*(.*)$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")


class FormatError(ValueError):
    """The file as a whole cannot be read (not a single article can be taken from it)."""


def read(filename: str, content: str) -> list[Draft]:
    """Read a .csv or .md file's text into drafts."""
    lower = filename.lower()
    if lower.endswith(".csv"):
        return read_csv(content)
    if lower.endswith((".md", ".markdown")):
        return read_markdown(content)
    raise FormatError(f"{filename}: only .csv and .md files can be imported")


def read_csv(content: str) -> list[Draft]:
    """Read CSV rows; a draft's line is the row's first line in the file (the header is line 1)."""
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff"), newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if missing := [c for c in REQUIRED_COLUMNS if c not in header]:
        raise FormatError(f"the CSV header lacks the column(s) {', '.join(missing)}; expected {', '.join(CSV_COLUMNS)}")
    drafts, start = [], reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            drafts.append(_csv_draft(start, dict(zip(header, row, strict=False))))
        start = reader.line_num + 1
    return drafts


def _csv_draft(line: int, cells: dict[str, str]) -> Draft:
    def cell(name: str) -> str:
        return (cells.get(name) or "").strip()

    return Draft(
        line=line,
        title=cell("title"),
        questions=split_list(cell("questions")),
        short_answer=cell("short_answer"),
        body=cell("body"),
        language=cell("language").lower(),
        department=cell("department"),
        keywords=split_keywords(cell("keywords")),
        published=cell("published") or "yes",
        reviewed=cell("reviewed"),
    )


def read_markdown(content: str) -> list[Draft]:
    """Read `# Title` blocks; a draft's line is its title's line."""
    drafts: list[Draft] = []
    section: str | None = None
    lines: list[str] = []
    for number, raw in enumerate(content.lstrip("\ufeff").splitlines(), start=1):
        if raw.startswith("# "):
            _close(drafts, section, lines)
            drafts.append(Draft(line=number, title=raw[2:].strip()))
            section, lines = None, []
        elif raw.startswith("## ") and drafts:
            _close(drafts, section, lines)
            section, lines = SECTIONS.get(raw[3:].strip().lower(), "unknown:" + raw[3:].strip()), []
        elif drafts and section is None:
            _meta(drafts[-1], raw)
        else:
            lines.append(raw)
    _close(drafts, section, lines)
    return drafts


def _meta(draft: Draft, raw: str) -> None:
    match = _META.match(raw.strip())
    if not match:
        return
    key, value = match.group(1).strip().lower(), match.group(2).strip()
    if key in ("language", "语言"):
        draft.language = value.lower()
    elif key in ("department", "部门"):
        draft.department = value
    elif key in ("keywords", "关键词"):
        draft.keywords = split_keywords(value)
    elif key in ("published", "发布"):
        draft.published = value
    elif key in ("reviewed", "审核日期"):
        draft.reviewed = value


def _close(drafts: list[Draft], section: str | None, lines: list[str]) -> None:
    if not drafts or section is None:
        return
    draft = drafts[-1]
    if section == "questions":
        draft.questions = [m.group(1).strip() for raw in lines if (m := _ITEM.match(raw))]
    elif section in ("short_answer", "body"):
        setattr(draft, section, "\n".join(lines).strip())
