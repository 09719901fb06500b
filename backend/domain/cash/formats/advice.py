"""A customer's own remittance advice (CSV or XLSX, any columns), read through the column mapping saved for that
customer and header (``backend.domain.cash.column_mappings``); docs/IMPORTS.md, "Customer advices".

The file names no customer, so the clerk chooses one and every line is that customer's. Columns the mapping
leaves out take a default: the payment reference ``ADVICE-`` and the first 12 characters of the file's SHA-256,
the date the file was submitted. Rows with the same payment reference are one payment whose amount is the sum of
their paid amounts, so the file is read twice (the first pass adds up, the second yields lines); a payment with a
wrong row is not taken at all, each of its other rows saying so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from backend.domain.cash.formats.fields import ZERO, BadField, clip
from backend.domain.cash.formats.sheets import Cell, SheetRow, Uncalculated, header_key, sheet_rows, shown, spooled
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine
from backend.domain.money import CENT, MAX_AMOUNT

ROLES = (
    "invoice_reference",
    "paid_amount",
    "adjustment_amount",
    "adjustment_code",
    "adjustment_text",
    "payment_reference",
    "received_on",
)
"""What a column may be, in the order the console asks."""
REQUIRED = ("invoice_reference", "paid_amount")
LABELS = {
    "invoice_reference": "invoice reference",
    "paid_amount": "paid amount",
    "adjustment_amount": "adjustment amount",
    "adjustment_code": "adjustment reason code",
    "adjustment_text": "reason text",
    "payment_reference": "payment reference",
    "received_on": "payment date",
}
CODE_SCHEME = "advice"
"""The code list an advice's reason codes are looked up in (Administration → Remittance codes)."""
_TOTAL = re.compile(r"^(grand\s+)?(sub)?totals?\b|^sum\b|^summe\b", re.I)
_CURRENCY = re.compile(r"^(?P<code>[A-Z]{3})\s*|\s*(?P<tail>[A-Z]{3})$")
_SYMBOLS = "$€£¥₹"
_US = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_EUROPEAN = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$|^\d+,\d{1,2}$")
_SPACED = re.compile(r"^\d{1,3}( \d{3})+([.,]\d{1,2})?$")


@dataclass(frozen=True)
class ColumnMap:
    """A saved mapping as one import uses it (kept on the import, so a later change does not alter it)."""

    customer_number: str
    header_row: int
    header_key: str
    columns: dict[str, int]
    """role → 0-based column of the sheet."""
    default_reference: str
    received_on: date
    mapping_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "customer_number": self.customer_number,
            "header_row": self.header_row,
            "header_key": self.header_key,
            "columns": dict(self.columns),
            "default_reference": self.default_reference,
            "received_on": self.received_on.isoformat(),
            "mapping_id": self.mapping_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ColumnMap:
        return cls(
            customer_number=str(data["customer_number"]),
            header_row=int(data["header_row"]),
            header_key=str(data["header_key"]),
            columns={str(k): int(v) for k, v in data["columns"].items()},
            default_reference=str(data["default_reference"]),
            received_on=date.fromisoformat(str(data["received_on"])),
            mapping_id=str(data.get("mapping_id", "")),
        )


def parse_amount(value: Cell, what: str, *, allow_negative: bool = False) -> Decimal:
    """A money cell as customers' spreadsheets write it: ``1234.5``, ``1,234.56``, ``$1,234.56``, ``1.234,56``,
    ``EUR 45``, ``(45.00)`` or ``-45.00`` (negative). Two decimals at most; ``1,234`` is one thousand two hundred
    thirty-four. Raises :class:`BadField` naming ``what``."""
    if isinstance(value, Uncalculated):
        raise BadField(
            f"the {what} is a formula ({shown(value)}) without a saved value: open the file in the spreadsheet "
            "program, save it, and import it again."
        )
    if value is None or shown(value) == "":
        raise BadField(f"the {what} is empty.")
    if isinstance(value, date):
        raise BadField(f"the {what} {shown(value)} is a date, not an amount.")
    if isinstance(value, Decimal):
        number = value
    else:
        number = _amount_text(value, what)
    if not number.is_finite() or abs(number) > MAX_AMOUNT:
        raise BadField(f"the {what} {shown(value)!r} is not an amount we can take.")
    if number != number.quantize(CENT):
        raise BadField(f"the {what} {shown(value)} has more than two decimals.")
    if number < 0 and not allow_negative:
        raise BadField(f"the {what} {shown(value)} is negative (a credit note is not a payment).")
    return number.quantize(CENT)


def _amount_text(raw: str, what: str) -> Decimal:
    text = " ".join(raw.split())
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.endswith("-"):
        negative, text = True, text[:-1].strip()
    text = text.strip(_SYMBOLS + " ")
    found = _CURRENCY.search(text)
    if found:
        text = (text[: found.start()] + text[found.end() :]).strip()
    if text.startswith(("-", "−")):
        negative, text = not negative, text[1:].strip()
    text = text.strip(_SYMBOLS + " ")
    if _US.match(text):
        plain = text.replace(",", "")
    elif _EUROPEAN.match(text):
        plain = text.replace(".", "").replace(",", ".")
    elif _SPACED.match(text):
        plain = text.replace(" ", "").replace(",", ".")
    else:
        raise BadField(f"the {what} {raw.strip()[:40]!r} is not an amount.")
    try:
        number = Decimal(plain)
    except InvalidOperation:
        raise BadField(f"the {what} {raw.strip()[:40]!r} is not an amount.") from None
    return -number if negative else number


def parse_day(value: Cell, what: str) -> date:
    """A date cell, or text ``YYYY-MM-DD``, ``YYYY/MM/DD`` or ``DD.MM.YYYY`` (``03/04/2026`` is refused: which
    month?)."""
    if isinstance(value, date):
        return value
    text = shown(value)
    try:
        if re.fullmatch(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}", text):
            year, month, day = (int(p) for p in re.split(r"[-/]", text))
            return date(year, month, day)
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
            day, month, year = (int(p) for p in text.split("."))
            return date(year, month, day)
    except ValueError:
        pass
    raise BadField(f"the {what} {text[:40]!r} is not a date: format the cell as a date, or write YYYY-MM-DD.")


def _text(value: Cell, size: int) -> str:
    return clip(shown(value), size)


@dataclass
class _Row:
    reference: str
    line: RemittanceLine | None = None
    error: str = ""
    total: Decimal | None = None
    """A total row's amount (skipped, checked against the sum of the file's paid amounts)."""


class _Reader:
    def __init__(self, columns: ColumnMap) -> None:
        self.map = columns

    def cell(self, row: SheetRow, role: str) -> Cell:
        column = self.map.columns.get(role)
        return row.cell(column) if column is not None else None

    def read(self, row: SheetRow, payment_amounts: dict[str, Decimal]) -> _Row:
        reference = _text(self.cell(row, "payment_reference"), 64) or self.map.default_reference
        for role in ROLES:
            value = self.cell(row, role)
            if isinstance(value, Uncalculated):
                return _Row(
                    reference,
                    error=f"Row {row.number}: the {LABELS[role]} is a formula ({shown(value)}) without a saved value: "
                    "open the file in the spreadsheet program, save it, and import it again.",
                )
        invoice = _text(self.cell(row, "invoice_reference"), 64)
        paid_cell = self.cell(row, "paid_amount")
        if _TOTAL.match(invoice) or (not invoice and _TOTAL.match(_text(row.cell(0), 20))):
            try:
                return _Row(reference, total=parse_amount(paid_cell, "total"))
            except BadField:
                return _Row(reference, total=None)
        try:
            paid = parse_amount(paid_cell, "paid amount", allow_negative=False)
            adjustment_cell = self.cell(row, "adjustment_amount")
            adjustment = (
                abs(parse_amount(adjustment_cell, "adjustment amount", allow_negative=True))
                if shown(adjustment_cell)
                else ZERO
            )
            date_cell = self.cell(row, "received_on")
            received = parse_day(date_cell, "payment date") if shown(date_cell) else self.map.received_on
        except BadField as error:
            return _Row(reference, error=f"Row {row.number}: {error.message}")
        code = _text(self.cell(row, "adjustment_code"), 32).upper()
        return _Row(
            reference,
            line=RemittanceLine(
                line=row.number,
                payment_reference=reference,
                received_on=received,
                customer_number=self.map.customer_number,
                customer_name="",
                payment_amount=payment_amounts.get(reference, paid),
                currency="",
                invoice_reference=invoice,
                paid_amount=paid,
                adjustment_amount=adjustment,
                adjustment_scheme=CODE_SCHEME if code else "",
                adjustment_code=code,
                adjustment_text=_text(self.cell(row, "adjustment_text"), 500),
            ),
        )


def _data_rows(path: Any, columns: ColumnMap) -> Iterator[SheetRow]:
    """The rows under the header, after checking the header is the one the mapping was saved for."""
    rows = sheet_rows(path)
    try:
        for row in rows:
            if row.number < columns.header_row:
                continue
            if row.number == columns.header_row:
                if header_key([shown(c) for c in row.cells]) != columns.header_key:
                    raise FileRejected(
                        f"Row {row.number} is not the header the column mapping was saved for: map this layout again."
                    )
                continue
            if not row.blank:
                yield row
    finally:
        rows.close()  # type: ignore[attr-defined]


def parse_advice(stream: BinaryIO, columns: ColumnMap) -> Iterator[RemittanceLine | LineError | LineSkipped]:
    """Every row under the header, in order: a RemittanceLine, a LineError, or a LineSkipped for a total row."""
    reader = _Reader(columns)
    with spooled(stream) as path:
        sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
        spoiled: dict[str, int] = {}
        for row in _data_rows(path, columns):
            read = reader.read(row, {})
            if read.line is not None:
                sums[read.reference] += read.line.paid_amount
            elif read.error:
                spoiled.setdefault(read.reference, row.number)
        grand_total = sum(sums.values(), ZERO)
        for row in _data_rows(path, columns):
            read = reader.read(row, sums)
            if read.error:
                yield LineError(row.number, read.error, read=_as_read(row))
            elif read.line is None:
                if read.total is not None and len(sums) == 1 and read.total != grand_total:
                    yield LineError(
                        row.number,
                        f"Row {row.number}: the advice's total {read.total} is not the sum of its paid amounts "
                        f"({grand_total}).",
                        read=_as_read(row),
                    )
                else:
                    yield LineSkipped(row.number, f"Row {row.number}: a total row, not an invoice.")
            elif read.reference in spoiled:
                yield LineError(
                    row.number,
                    f"Row {row.number}: not taken: row {spoiled[read.reference]} of payment {read.reference} is "
                    "wrong, and a payment is taken whole or not at all.",
                )
            else:
                yield read.line


def _as_read(row: SheetRow) -> str:
    return clip(", ".join(shown(cell) for cell in row.cells if cell is not None), 400)
