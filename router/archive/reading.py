"""Read a table of past tickets (CSV in UTF-8 or GB18030, or an Excel workbook) and find its columns by their names.

Exports from the hotline systems in use name their columns in many ways
("诉求内容", "来电内容", "content"…). Each field the import needs is looked for
among the names below, and the operator may name a column outright
(`--column text=问题描述`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 500 * 1024 * 1024
FIELDS = ("text", "department", "subject", "opened_at", "reference")
REQUIRED = ("text", "department")
# The names a column of each field goes by, compared without case or spaces; the first found wins.
NAMES: dict[str, tuple[str, ...]] = {
    "text": (
        "text", "content", "description", "body", "message", "details", "内容", "诉求内容", "来电内容", "问题描述",
        "反映内容", "工单内容", "留言内容", "详细内容", "诉求描述", "事项描述", "来信内容",
    ),
    "department": (
        "department", "dept", "category", "部门", "承办单位", "承办部门", "处理部门", "办理单位", "责任单位",
        "分类", "一级分类", "所属部门", "转办单位",
    ),
    "subject": ("subject", "title", "标题", "主题", "诉求标题", "留言主题", "事项"),
    "opened_at": (
        "opened_at", "date", "time", "created", "created_at", "received", "日期", "时间", "受理时间", "来电时间",
        "登记时间", "创建时间", "留言时间",
    ),
    "reference": ("reference", "ref", "id", "ticket", "编号", "工单号", "工单编号", "流水号", "受理编号"),
}  # fmt: skip


class TableError(ValueError):
    """The file cannot be read as a table of past tickets; the message says why."""


@dataclass(frozen=True)
class Table:
    """A file's header, the columns found for each field, and its data rows with their line numbers."""

    headers: list[str]
    columns: dict[str, int]  # field → column index
    rows: list[tuple[int, list[str]]]  # (line in the file, cells)

    def value(self, cells: list[str], field: str) -> str:
        """Return a row's cell for a field ('' when the field has no column or the row is short)."""
        index = self.columns.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""


def read(
    path: Path,
    named: dict[str, str] | None = None,
    names: dict[str, tuple[str, ...]] = NAMES,
    required: tuple[str, ...] = REQUIRED,
) -> Table:
    """Read the file and map its columns; raise TableError naming what is missing or unreadable.

    `names` and `required` describe the fields of another kind of table (past messages for hot spots).
    """
    if path.stat().st_size > MAX_BYTES:
        raise TableError(f"{path.name} is larger than {MAX_BYTES // 2**20} MB")
    lines = _workbook(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv(path)
    try:
        _line, headers = next(lines)
    except StopIteration:
        raise TableError(f"{path.name} is empty") from None
    headers = [h.strip() for h in headers]
    columns = _columns(headers, named or {}, names)
    missing = [field for field in required if field not in columns]
    if missing:
        raise TableError(
            f"{path.name}: no column for {', '.join(missing)} among {headers}; "
            f"name it with --column {missing[0]}=<column name>"
        )
    rows = [(line, cells) for line, cells in lines if any(cell.strip() for cell in cells)]
    return Table(headers, columns, rows)


def _columns(headers: list[str], named: dict[str, str], names: dict[str, tuple[str, ...]]) -> dict[str, int]:
    folded = [_fold(h) for h in headers]
    columns: dict[str, int] = {}
    for field, name in named.items():
        if field not in names:
            raise TableError(f"--column {field}=…: the fields are {', '.join(names)}")
        if _fold(name) not in folded:
            raise TableError(f"--column {field}={name}: there is no column {name!r}; the columns are {headers}")
        columns[field] = folded.index(_fold(name))
    for field, known in names.items():
        if field in columns:
            continue
        found = next((folded.index(_fold(name)) for name in known if _fold(name) in folded), None)
        if found is not None and found not in columns.values():
            columns[field] = found
    return columns


def _fold(name: str) -> str:
    return "".join(name.split()).lower()


def _csv(path: Path) -> Iterator[tuple[int, list[str]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(f"{path.name} is neither UTF-8 nor GB18030 text")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise TableError(f"{path.name}, line {reader.line_num}: {exc}") from exc


def _workbook(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # only an Excel import needs it loaded

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key errors) for a damaged file
        raise TableError(f"{path.name} is not a readable Excel workbook: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if cell is None else _cell(cell) for cell in row]
    finally:
        book.close()


def _cell(value: object) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
