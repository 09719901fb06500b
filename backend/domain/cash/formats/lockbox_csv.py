"""The lockbox CSV layout (docs/IMPORTS.md): parsing and checking every line before anything is applied."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from backend.domain.errors import InvalidInput
from backend.domain.money import checked_amount

COLUMNS = [
    "payment_reference",
    "received_on",
    "customer_number",
    "payment_amount",
    "invoice_reference",
    "paid_amount",
    "adjustment_amount",
    "adjustment_scheme",
    "adjustment_code",
    "adjustment_text",
]
MAX_LINES = 50_000


@dataclass(frozen=True)
class RemittanceLine:
    line: int
    payment_reference: str
    received_on: date
    customer_number: str
    payment_amount: Decimal
    invoice_reference: str
    paid_amount: Decimal
    adjustment_amount: Decimal
    adjustment_scheme: str
    adjustment_code: str
    adjustment_text: str


class FileRejected(Exception):
    """The file as a whole cannot be read (encoding, header, size)."""


def _amount(raw: str, field: str, *, allow_zero: bool) -> Decimal:
    text = raw.strip()
    if allow_zero and text in {"", "0", "0.00"}:
        return Decimal("0.00")
    try:
        return checked_amount(Decimal(text), field=field)
    except InvalidOperation as error:
        raise InvalidInput(field, f"{field} is not an amount: {text!r}.") from error


def parse_lockbox(data: bytes) -> tuple[list[RemittanceLine], list[tuple[int, str]]]:
    """Every good line, and (line number, message) for every bad one. Raises FileRejected for an unreadable file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected("The file is not UTF-8 text.") from error
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != COLUMNS:
        raise FileRejected(f"The header must be exactly: {','.join(COLUMNS)}")
    lines: list[RemittanceLine] = []
    errors: list[tuple[int, str]] = []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_LINES:
            raise FileRejected(f"At most {MAX_LINES} lines per file.")
        try:
            if None in row or any(value is None for value in row.values()):
                raise InvalidInput("line", "The line has the wrong number of columns.")
            try:
                received = date.fromisoformat(row["received_on"].strip())
            except ValueError as error:
                raise InvalidInput(
                    "received_on", f"received_on is not a date (YYYY-MM-DD): {row['received_on']!r}."
                ) from error
            for required in ("payment_reference", "customer_number"):
                if not row[required].strip():
                    raise InvalidInput(required, f"{required} is empty.")
            lines.append(
                RemittanceLine(
                    line=number,
                    payment_reference=row["payment_reference"].strip()[:64],
                    received_on=received,
                    customer_number=row["customer_number"].strip(),
                    payment_amount=_amount(row["payment_amount"], "payment_amount", allow_zero=False),
                    invoice_reference=row["invoice_reference"].strip()[:64],
                    paid_amount=_amount(row["paid_amount"], "paid_amount", allow_zero=True),
                    adjustment_amount=_amount(row["adjustment_amount"], "adjustment_amount", allow_zero=True),
                    adjustment_scheme=row["adjustment_scheme"].strip().lower(),
                    adjustment_code=row["adjustment_code"].strip().upper(),
                    adjustment_text=row["adjustment_text"].strip()[:500],
                )
            )
        except InvalidInput as error:
            errors.append((number, error.message))
    return lines, errors
