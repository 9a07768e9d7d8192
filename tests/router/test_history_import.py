"""`flask --app app history import FILE`: an existing hotline's past tickets, checked, stored whole, learnt from."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook
from sqlmodel import Session, func, select

from router.archive.models import ArchivedTicket
from router.model import published
from tests.helpers.routing import SAMPLE

HEADERS = ["工单编号", "受理时间", "标题", "诉求内容", "承办单位"]


@pytest.fixture
def cli(runtime):
    from app import create_app

    return create_app(runtime=runtime).test_cli_runner()


def _rows(count: int = 6) -> list[list[str]]:
    texts = [("村口的路灯坏了三天了", "城乡建设"), ("工厂夜里偷排废水", "环境保护"), ("公交车经常不按站停", "交通运输")]
    return [
        [f"2023{n:05d}", f"2023-0{1 + n % 9}-1{n % 9} 09:30", "", f"{text}（第{n}次反映）", dept]
        for n, (text, dept) in zip(range(count), texts * count, strict=False)
    ]


def _csv(path, rows, headers=HEADERS, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _stored(runtime) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(func.count()).select_from(ArchivedTicket)).one()


def test_a_chinese_export_in_gb18030_is_read_by_its_column_names_and_previewed_without_writing(cli, runtime, tmp_path):
    path = _csv(tmp_path / "导出.csv", _rows(), encoding="gb18030")
    result = cli.invoke(args=["history", "import", str(path), "--preview"])
    assert result.exit_code == 0, result.output
    assert "text       ← 诉求内容" in result.output and "department ← 承办单位" in result.output
    assert "opened_at  ← 受理时间" in result.output and "reference  ← 工单编号" in result.output
    assert "line 2: [城乡建设] 村口的路灯坏了三天了" in result.output
    assert "urban_rural_construction" in result.output and "nothing imported" in result.output
    assert _stored(runtime) == 0


def test_importing_stores_every_row_once_even_when_imported_again(cli, runtime, tmp_path):
    path = _csv(tmp_path / "tickets.csv", _rows())
    assert "imported 6 tickets" in cli.invoke(args=["history", "import", str(path)]).output
    again = cli.invoke(args=["history", "import", str(path)])
    assert "imported 0 tickets" in again.output and "6 were already imported" in again.output
    with Session(runtime.engine) as session:
        ticket = session.exec(select(ArchivedTicket).where(ArchivedTicket.line == 2)).one()
    assert ticket.department_code == "urban_rural_construction" and ticket.reference == "202300000"
    assert ticket.opened_at is not None and ticket.opened_at.year == 2023 and _stored(runtime) == 6


def test_bad_rows_are_named_by_line_and_nothing_is_imported(cli, runtime, tmp_path):
    rows = _rows()
    rows[2][4] = "外星事务局"  # line 4
    rows[4][1] = "上周二"  # line 6
    rows[5][3] = ""  # line 7
    path = _csv(tmp_path / "tickets.csv", rows)
    result = cli.invoke(args=["history", "import", str(path)])
    assert result.exit_code == 1
    assert "line 4: department '外星事务局' is not in the catalogue" in result.output
    assert "line 6: cannot read the date '上周二'" in result.output and "line 7: no text" in result.output
    assert "3 of 6 rows refused: nothing imported" in result.output and _stored(runtime) == 0
    kept = cli.invoke(args=["history", "import", str(path), "--skip-bad"])
    assert kept.exit_code == 0 and "imported 3 tickets" in kept.output and _stored(runtime) == 3


def test_an_excel_workbook_with_dates_as_cells_imports(cli, runtime, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Subject", "Content", "Category", "Date"])
    sheet.append(["Street light", "The street light on Main Street is out", "urban_rural_construction",
                  datetime(2024, 3, 5, 14, 30)])  # fmt: skip
    sheet.append(["Noise", "The factory is noisy at night", "Environmental Protection", datetime(2024, 3, 6)])
    book.save(tmp_path / "export.xlsx")
    result = cli.invoke(args=["history", "import", str(tmp_path / "export.xlsx")])
    assert result.exit_code == 0 and "imported 2 tickets" in result.output, result.output
    with Session(runtime.engine) as session:
        first = session.exec(select(ArchivedTicket).where(ArchivedTicket.line == 2)).one()
    assert first.subject == "Street light"
    assert first.opened_at == datetime(2024, 3, 5, 6, 30, tzinfo=UTC)  # 14:30 at the hotline (UTC+8)


def test_a_file_whose_columns_cannot_be_found_says_how_to_name_them(cli, runtime, tmp_path):
    path = _csv(tmp_path / "odd.csv", [["路灯坏了", "城乡建设"]], headers=["问题", "去向"])
    result = cli.invoke(args=["history", "import", str(path)])
    assert result.exit_code == 1 and "no column for text, department" in result.output
    assert "--column text=" in result.output
    named = cli.invoke(args=["history", "import", str(path), "--column", "text=问题", "--column", "department=去向"])
    assert named.exit_code == 0 and "imported 1 tickets" in named.output


def test_train_learns_a_routing_model_from_the_imported_tickets(cli, runtime, tmp_path):
    names = {"供水服务": "城乡建设", "教育文体": "教育文体", "交通运输": "交通运输"}
    rows = [
        [str(n), "", "", f"{text} {suffix}", names[dept]]
        for dept, texts in SAMPLE.items() if dept in names
        for n, text in enumerate(texts) for suffix in ("", "请尽快处理")
    ]  # fmt: skip
    path = _csv(tmp_path / "history.csv", rows)
    result = cli.invoke(args=["history", "import", str(path), "--train"])
    assert result.exit_code == 0, result.output
    assert f"imported {len(rows)} tickets" in result.output and "macro-F1" in result.output
    assert published.active_version(runtime) is not None
