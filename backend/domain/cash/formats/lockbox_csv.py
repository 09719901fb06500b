"""The lockbox CSV layout (docs/IMPORTS.md), read row by row: a bad row is a LineError, a bad file FileRejected.

The ``line`` of each result is the CSV row number as a text editor shows it (the header is row 1;
a quoted value over several lines counts from the row it starts on).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO

from backend.domain.cash.formats.fields import ZERO, BadField, amount, clip, iso_date
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine

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
_EMPTY_AMOUNTS = {"", "0", "0.00"}


def _optional_amount(raw: str, field: str) -> Decimal:
    return ZERO if raw.strip() in _EMPTY_AMOUNTS else amount(raw, field, zero=True)


def parse_lockbox(stream: BinaryIO) -> Iterator[RemittanceLine | LineError | LineSkipped]:
    """Every row of a lockbox file in order: a RemittanceLine, or a LineError saying what is wrong with the row.

    Raises FileRejected when the file is not UTF-8 (a BOM is fine) or its header is not exactly :data:`COLUMNS`.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    row_start = 1
    try:
        try:
            header = next(reader, None)
        except csv.Error as error:
            raise FileRejected(f"Row 1 (the header) cannot be read as CSV: {error}.") from None
        if header is None or [name.strip() for name in header] != COLUMNS:
            raise FileRejected(f"The first row must be exactly this header: {','.join(COLUMNS)}")
        row_start = reader.line_num + 1
        while True:
            try:
                row = next(reader, None)
            except csv.Error as error:
                if "unexpected end of data" in str(error):
                    raise FileRejected(
                        f"The file stops inside a quoted value that starts on row {row_start}: "
                        "it is truncated or a closing quote is missing."
                    ) from None
                if "field larger than field limit" in str(error):  # no remittance value is that long
                    reported = (
                        f"Row {row_start} has a value over {csv.field_size_limit():,} characters: no remittance line "
                        "holds one (is this the right file?)."
                    )
                else:
                    reported = f"Row {row_start} cannot be read as CSV ({error}): quote a whole value or none of it."
                yield LineError(row_start, reported)
                row_start = reader.line_num + 1
                continue
            if row is None:
                return
            number, row_start = row_start, reader.line_num + 1
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            yield _row(number, row)
    except UnicodeDecodeError:
        raise FileRejected("The file is not UTF-8 text: save it as CSV UTF-8 and upload it again.") from None
    finally:
        text.detach()


def _row(number: int, row: list[str]) -> RemittanceLine | LineError:
    if len(row) != len(COLUMNS):
        return LineError(
            number, f"Row {number} has {len(row)} columns; the header has {len(COLUMNS)}.", read=_as_read(row)
        )
    values = dict(zip(COLUMNS, row, strict=True))
    try:
        received = iso_date(values["received_on"], "received_on")
        for required in ("payment_reference", "customer_number"):
            if not values[required].strip():
                raise BadField(f"the {required} is empty.")
        return RemittanceLine(
            line=number,
            payment_reference=clip(values["payment_reference"], 64),
            received_on=received,
            customer_number=values["customer_number"].strip(),
            customer_name="",
            payment_amount=amount(values["payment_amount"], "payment_amount"),
            currency="",
            invoice_reference=clip(values["invoice_reference"], 64),
            paid_amount=_optional_amount(values["paid_amount"], "paid_amount"),
            adjustment_amount=_optional_amount(values["adjustment_amount"], "adjustment_amount"),
            adjustment_scheme=values["adjustment_scheme"].strip().lower(),
            adjustment_code=values["adjustment_code"].strip().upper(),
            adjustment_text=clip(values["adjustment_text"], 500),
        )
    except BadField as error:
        return LineError(number, f"Row {number}: {error.message}", read=_as_read(row))


def _as_read(row: list[str]) -> str:
    """The row's cells as they were read, for a person checking what the file said (bounded)."""
    return clip(", ".join(cell.strip() for cell in row), 400)


parse = parse_lockbox
