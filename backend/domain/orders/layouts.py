"""The order feed and the delivery feed CSV layouts (docs/IMPORTS.md): reading each row and checking it.

Both read as the invoice feed does (``read_rows``: streamed, UTF-8, row numbers as a spreadsheet shows them); a row
repeats its order's (or delivery's) own fields, which must agree within the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from operator import itemgetter
from typing import IO, NamedTuple

from backend.domain.invoice_feed.layout import (
    BadRow,
    RowError,
    date_field,
    decimal_field,
    identifier_field,
    read_rows,
    text_field,
    whole_number_field,
)
from backend.domain.money import CENT

ORDER_COLUMNS = [
    "order_number",
    "revision",
    "customer_number",
    "ship_to",
    "po_number",
    "order_date",
    "requested_date",
    "currency",
    "line_number",
    "sku",
    "description",
    "quantity",
    "unit_price",
    "discount_percent",
]
ORDER_HEADER = ("revision", "customer_number", "ship_to", "po_number", "order_date", "requested_date", "currency")
DELIVERY_COLUMNS = [
    "delivery_number",
    "order_number",
    "carrier",
    "tracking_number",
    "shipped_on",
    "delivered_on",
    "order_line_number",
    "quantity_shipped",
    "quantity_delivered",
]
DELIVERY_HEADER = ("order_number", "carrier", "tracking_number", "shipped_on", "delivered_on")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
PRICE_PLACES = Decimal("0.0001")
HUNDRED = Decimal(100)


class OrderRow(NamedTuple):
    """One checked row of the order feed (a tuple: a feed makes 100,000 of them)."""

    row: int
    order_number: str
    revision: int
    customer_number: str
    ship_to: str
    po_number: str | None
    order_date: date
    requested_date: date | None
    currency: str
    line_number: int
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    net_price: Decimal
    """The unit price less the discount (``net_price_of``)."""
    amount: Decimal
    """quantity × net price, rounded half-up to cents."""


class DeliveryRow(NamedTuple):
    """One checked row of the delivery feed."""

    row: int
    delivery_number: str
    order_number: str
    carrier: str
    tracking_number: str
    shipped_on: date
    delivered_on: date | None
    order_line_number: int
    quantity_shipped: Decimal
    quantity_delivered: Decimal | None


def net_price_of(unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    """The agreed price: unit price less the discount, rounded half-up to 4 places."""
    return (unit_price * (HUNDRED - discount_percent) / HUNDRED).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)


def _date_then_later(first: str, first_name: str, later: str, later_name: str) -> tuple[date, date | None]:
    """A required date and an optional one that may not come before it (ordered and requested, shipped and
    delivered)."""
    on = date_field(first, first_name)
    later_raw = later.strip()
    later_on = date_field(later_raw, later_name) if later_raw else None
    if later_on is not None and later_on < on:
        raise BadRow(f"{later_name} {later_on} is before {first_name} {on}.")
    return on, later_on


@lru_cache(maxsize=4096)
def _order_header(
    order_number: str, revision: str, customer_number: str, ship_to: str, po_number: str, order_date: str,
    requested_date: str, currency: str,
) -> tuple[str, int, str, str, str | None, date, date | None, str]:  # fmt: skip
    """The order's own fields, which every line of it repeats: read once per order (the rows of an order come
    together), not once per line."""
    code = currency.strip().upper()
    if not _CURRENCY.match(code):
        raise BadRow(f"currency is not a three-letter code: {currency.strip()!r}.")
    revision_raw = revision.strip()
    if not revision_raw.isdigit() or int(revision_raw) > 1_000_000:
        raise BadRow(f"revision is not a whole number from 0: {revision_raw!r}.")
    ordered, requested_on = _date_then_later(order_date, "order_date", requested_date, "requested_date")
    return (
        identifier_field(order_number, "order_number", 32),
        int(revision_raw),
        identifier_field(customer_number, "customer_number", 32),
        text_field(ship_to, "ship_to", 200, required=False),
        identifier_field(po_number, "po_number", 64, required=False) or None,
        ordered,
        requested_on,
        code,
    )


def _order_row(number: int, record: dict[str, str]) -> OrderRow:
    header = _order_header(*_ORDER_OWN(record))
    discount_raw = record["discount_percent"].strip()
    discount = decimal_field(discount_raw, "discount_percent", 3, zero_allowed=True) if discount_raw else Decimal(0)
    if discount >= HUNDRED:
        raise BadRow(f"discount_percent must be under 100: {discount_raw!r}.")
    quantity = decimal_field(record["quantity"], "quantity", 3)
    unit_price = decimal_field(record["unit_price"], "unit_price", 4, zero_allowed=True)
    net_price = net_price_of(unit_price, discount)
    return OrderRow(
        number,
        *header,
        line_number=whole_number_field(record["line_number"], "line_number") or 0,
        sku=identifier_field(record["sku"], "sku", 64),
        description=text_field(record["description"], "description", 500, required=False, lines=True),
        quantity=quantity,
        unit_price=unit_price,
        discount_percent=discount,
        net_price=net_price,
        amount=(quantity * net_price).quantize(CENT, rounding=ROUND_HALF_UP),
    )


@lru_cache(maxsize=4096)
def _delivery_header(
    delivery_number: str, order_number: str, carrier: str, tracking_number: str, shipped_on: str, delivered_on: str
) -> tuple[str, str, str, str, date, date | None]:
    """The delivery's own fields, read once per delivery (see ``_order_header``)."""
    shipped, delivered = _date_then_later(shipped_on, "shipped_on", delivered_on, "delivered_on")
    return (
        identifier_field(delivery_number, "delivery_number", 64),
        identifier_field(order_number, "order_number", 32),
        text_field(carrier, "carrier", 100, required=False),
        text_field(tracking_number, "tracking_number", 100, required=False),
        shipped,
        delivered,
    )


def _delivery_row(number: int, record: dict[str, str]) -> DeliveryRow:
    header = _delivery_header(*_DELIVERY_OWN(record))
    delivered_on = header[-1]
    delivered_qty_raw = record["quantity_delivered"].strip()
    quantity_delivered = (
        decimal_field(delivered_qty_raw, "quantity_delivered", 3, zero_allowed=True) if delivered_qty_raw else None
    )
    if quantity_delivered is not None and delivered_on is None:
        raise BadRow("quantity_delivered needs delivered_on: a delivered quantity is known once the goods arrived.")
    return DeliveryRow(
        number,
        *header,
        order_line_number=whole_number_field(record["order_line_number"], "order_line_number") or 0,
        quantity_shipped=decimal_field(record["quantity_shipped"], "quantity_shipped", 3),
        quantity_delivered=quantity_delivered,
    )


_ORDER_OWN = itemgetter("order_number", "revision", "customer_number", "ship_to", "po_number", "order_date",
                        "requested_date", "currency")  # fmt: skip
_DELIVERY_OWN = itemgetter(
    "delivery_number", "order_number", "carrier", "tracking_number", "shipped_on", "delivered_on"
)


def read_orders(stream: IO[bytes]) -> Iterator[OrderRow | RowError]:
    return read_rows(stream, [ORDER_COLUMNS], _order_row)


def read_deliveries(stream: IO[bytes]) -> Iterator[DeliveryRow | RowError]:
    return read_rows(stream, [DELIVERY_COLUMNS], _delivery_row)
