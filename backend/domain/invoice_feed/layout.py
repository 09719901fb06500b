"""The invoice feed CSV layout (docs/IMPORTS.md, "Invoice feed"): reading it row by row and checking each row.

The file is read as a stream (``csv`` over a text wrapper of the binary upload), so a
100,000-row file never sits in memory as one string. Bytes that are not UTF-8 are kept
as lone surrogates (``surrogateescape``) and reported on the row they are in, so the
report names the exact row instead of giving up on the whole file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, TypeVar

from backend.domain.money import CENT, MAX_AMOUNT
from backend.domain.text import IDENTIFIER_RULE, is_identifier, is_one_line

COLUMNS = [
    "invoice_number",
    "customer_number",
    "customer_name",
    "currency",
    "issue_date",
    "due_date",
    "po_number",
    "delivery_number",
    "cash_discount_percent",
    "cash_discount_due_on",
    "line_number",
    "sku",
    "description",
    "quantity",
    "unit_price",
    "line_amount",
]
ORDER_COLUMNS = ["order_number", "order_line_number"]
"""Optional last two columns: the sales order and its line an invoice line bills (docs/IMPORTS.md)."""
HEADER_FIELDS = (
    "customer_number",
    "customer_name",
    "currency",
    "issue_date",
    "due_date",
    "po_number",
    "delivery_number",
    "cash_discount_percent",
    "cash_discount_due_on",
)
"""The invoice's own fields, repeated on each of its rows; they must agree."""
MAX_ROWS = 200_000
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
T = TypeVar("T")


class FeedUnreadable(Exception):
    """The file as a whole cannot be read (header, size); ``row`` is where it failed."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.message = message


class BadRow(Exception):
    """One row breaks a rule of the layout."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One invoice line with its invoice's header fields, as checked values."""

    row: int
    invoice_number: str
    customer_number: str
    customer_name: str
    currency: str
    issue_date: date
    due_date: date
    po_number: str | None
    delivery_number: str | None
    cash_discount_percent: Decimal | None
    cash_discount_due_on: date | None
    line_number: int
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    line_amount: Decimal
    order_number: str | None = None
    order_line_number: int | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    invoice_number: str
    message: str


class RowErrors:
    """The bad rows of a feed file, and the records (invoices, orders, deliveries) they make bad, by number."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.bad: set[str] = set()

    def add(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row, key, message))
        if key:
            self.bad.add(key)


READ_BATCH = 500
"""Numbers per query when a feed reads what exists already."""


def in_batches(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """``items`` in slices of ``READ_BATCH``: one query per slice, never one per row."""
    for start in range(0, len(items), READ_BATCH):
        yield items[start : start + READ_BATCH]


def line_amount_of(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """quantity × unit price, rounded half-up to cents: what ``line_amount`` must say."""
    return (quantity * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def text_field(raw: str, field: str, limit: int, *, required: bool = True, lines: bool = False) -> str:
    value = raw.strip()
    if required and not value:
        raise BadRow(f"{field} is empty.")
    if len(value) > limit:
        raise BadRow(f"{field} is longer than {limit} characters.")
    if not lines and not is_one_line(value):
        raise BadRow(f"{field} holds a line break or control character.")
    return value


def identifier_field(raw: str, field: str, limit: int, *, required: bool = True) -> str:
    value = text_field(raw, field, limit, required=required)
    if value and not is_identifier(value):
        raise BadRow(f"{field} may hold only {IDENTIFIER_RULE}: {value!r}.")
    return value


def date_field(raw: str, field: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise BadRow(f"{field} is not a date (YYYY-MM-DD): {raw.strip()!r}.") from None


_PLACES = {places: Decimal(1).scaleb(-places) for places in range(7)}


def decimal_field(raw: str, field: str, places: int, *, zero_allowed: bool = False) -> Decimal:
    text = raw.strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadRow(f"{field} is not a number: {text!r}.") from None
    if not value.is_finite():
        raise BadRow(f"{field} is not a number: {text!r}.")
    if value < 0 or (value == 0 and not zero_allowed):
        raise BadRow(f"{field} must be more than zero: {text!r}." if not zero_allowed else f"{field} is negative.")
    # The cap comes first: quantizing a huge value (1e999) raises decimal.InvalidOperation.
    if value > MAX_AMOUNT:
        raise BadRow(f"{field} is too large: {text!r}.")
    if value != value.quantize(_PLACES[places]):
        raise BadRow(f"{field} has more than {places} decimals: {text!r}.")
    return value


def whole_number_field(raw: str, field: str, *, required: bool = True) -> int | None:
    """A positive whole number up to a million (a line or revision number); None when empty and not required."""
    text = raw.strip()
    if not text and not required:
        return None
    if not text.isdigit() or int(text) < 1 or int(text) > 1_000_000:
        raise BadRow(f"{field} is not a positive whole number: {text!r}.")
    return int(text)


def _row(number: int, record: dict[str, str]) -> FeedRow:
    issue = date_field(record["issue_date"], "issue_date")
    due = date_field(record["due_date"], "due_date")
    if due < issue:
        raise BadRow(f"due_date {due} is before issue_date {issue}.")
    currency = record["currency"].strip().upper()
    if not _CURRENCY.match(currency):
        raise BadRow(f"currency is not a three-letter code: {record['currency'].strip()!r}.")
    percent_raw, due_on_raw = record["cash_discount_percent"].strip(), record["cash_discount_due_on"].strip()
    if bool(percent_raw) != bool(due_on_raw):
        raise BadRow("cash_discount_percent and cash_discount_due_on go together: give both or neither.")
    percent = decimal_field(percent_raw, "cash_discount_percent", 3) if percent_raw else None
    if percent is not None and percent >= 100:
        raise BadRow(f"cash_discount_percent must be under 100: {percent_raw!r}.")
    line_number = whole_number_field(record["line_number"], "line_number")
    order_number = identifier_field(record.get("order_number", ""), "order_number", 32, required=False) or None
    order_line = whole_number_field(record.get("order_line_number", ""), "order_line_number", required=False)
    if order_line is not None and order_number is None:
        raise BadRow("order_line_number needs order_number.")
    quantity = decimal_field(record["quantity"], "quantity", 3)
    unit_price = decimal_field(record["unit_price"], "unit_price", 4, zero_allowed=True)
    amount = decimal_field(record["line_amount"], "line_amount", 2, zero_allowed=True)
    expected = line_amount_of(quantity, unit_price)
    if amount != expected:
        raise BadRow(
            f"line_amount {amount} is not quantity × unit_price ({quantity} × {unit_price} = {expected}, "
            "rounded half-up to cents)."
        )
    return FeedRow(
        row=number,
        invoice_number=identifier_field(record["invoice_number"], "invoice_number", 32),
        customer_number=identifier_field(record["customer_number"], "customer_number", 32),
        customer_name=text_field(record["customer_name"], "customer_name", 200),
        currency=currency,
        issue_date=issue,
        due_date=due,
        po_number=identifier_field(record["po_number"], "po_number", 64, required=False) or None,
        delivery_number=identifier_field(record["delivery_number"], "delivery_number", 64, required=False) or None,
        cash_discount_percent=percent,
        cash_discount_due_on=date_field(due_on_raw, "cash_discount_due_on") if due_on_raw else None,
        line_number=line_number or 0,
        sku=identifier_field(record["sku"], "sku", 64),
        description=text_field(record["description"], "description", 500, required=False, lines=True),
        quantity=quantity,
        unit_price=unit_price,
        line_amount=amount.quantize(CENT),
        order_number=order_number,
        order_line_number=order_line,
    )


def read_rows(
    stream: IO[bytes], layouts: list[list[str]], parse: Callable[[int, dict[str, str]], T]
) -> Iterator[T | RowError]:
    """Each data row of a CSV file, checked by ``parse``: its value, or a :class:`RowError` saying what is wrong.

    The header must be one of ``layouts`` (the first is the one named in errors); a row's first column names it
    in errors. Row numbers count the header as row 1, as a spreadsheet shows them. Raises
    :class:`FeedUnreadable` when the header is not a layout's or the file is too long.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise FeedUnreadable(1, "The file is empty.") from None
    except csv.Error as error:
        raise FeedUnreadable(1, f"The header is not CSV: {error}.") from None
    names = [name.strip() for name in header]
    if names not in layouts:
        columns = layouts[0]
        missing = [c for c in columns if c not in names]
        extra = [n for n in names if not any(n in layout for layout in layouts)]
        detail = "".join(
            [f" Missing: {', '.join(missing)}." if missing else "", f" Unknown: {', '.join(extra)}." if extra else ""]
        )
        raise FeedUnreadable(1, f"The header must be exactly: {','.join(columns)}.{detail}")
    number = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            number += 1
            yield RowError(number, "", f"The row is not valid CSV: {error}.")
            continue
        number += 1
        if number - 1 > MAX_ROWS:
            raise FeedUnreadable(number, f"At most {MAX_ROWS} rows per file; split the file.")
        joined = "".join(values)
        if not joined.strip():
            continue  # a blank line, e.g. at the end
        if len(values) != len(names):
            yield RowError(number, _row_key(values), f"The row has {len(values)} columns, the header {len(names)}.")
            continue
        if _NOT_UTF8.search(joined):
            yield RowError(number, _row_key(values), "The row is not UTF-8 text; save the file as UTF-8.")
            continue
        try:
            yield parse(number, dict(zip(names, values, strict=True)))
        except BadRow as error:
            yield RowError(number, _row_key(values), error.message)


def _row_key(values: list[str]) -> str:
    """What names a bad row in errors: its first column, trimmed, made printable."""
    return _NOT_UTF8.sub("\ufffd", values[0].strip()[:32])


def read_feed(stream: IO[bytes]) -> Iterator[FeedRow | RowError]:
    """Each data row of an invoice feed, checked (see :func:`read_rows`); the order columns are optional."""
    return read_rows(stream, [COLUMNS, COLUMNS + ORDER_COLUMNS], _row)
