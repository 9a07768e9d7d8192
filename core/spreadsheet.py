"""CSV files that staff open in a spreadsheet, with no cell the spreadsheet would run as a formula.

A citizen writes their own county, occupation or message; a cell that starts with = + - @, a tab
or a carriage return is a formula to Excel and LibreOffice, and `=HYPERLINK(...)` can send the
other cells to a stranger's site. Following OWASP's CSV-injection guidance, such a text cell gets a
leading single quote, which the spreadsheet shows as text; numbers are left as they are. Full-width
forms are included because Excel in Chinese offices accepts ＝ as the start of a formula too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
BOM = "\ufeff"  # so that Excel, which most offices open CSV files in, reads the Chinese correctly


def safe_cell(value: object) -> object:
    """Return a text cell a spreadsheet will show as text, never evaluate; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def csv_text(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """Return a whole CSV file (BOM, header, rows) with every text cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()
