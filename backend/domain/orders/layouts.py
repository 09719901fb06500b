"""The order feed and the delivery feed CSV layouts (docs/IMPORTS.md): reading each row and checking it.

Both read as the invoice feed does (``read_rows``: streamed, UTF-8, row numbers as a spreadsheet shows them); a row
repeats its order's (or delivery's) own fields, which must agree within the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import IO

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


@dataclass(frozen=True, slots=True)
class OrderRow:
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

    @property
    def net_price(self) -> Decimal:
        return net_price_of(self.unit_price, self.discount_percent)

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.net_price).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class DeliveryRow:
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


def _order_row(number: int, record: dict[str, str]) -> OrderRow:
    currency = record["currency"].strip().upper()
    if not _CURRENCY.match(currency):
        raise BadRow(f"currency is not a three-letter code: {record['currency'].strip()!r}.")
    revision_raw = record["revision"].strip()
    if not revision_raw.isdigit() or int(revision_raw) > 1_000_000:
        raise BadRow(f"revision is not a whole number from 0: {revision_raw!r}.")
    order_date = date_field(record["order_date"], "order_date")
    requested = record["requested_date"].strip()
    requested_date = date_field(requested, "requested_date") if requested else None
    if requested_date is not None and requested_date < order_date:
        raise BadRow(f"requested_date {requested_date} is before order_date {order_date}.")
    discount_raw = record["discount_percent"].strip()
    discount = decimal_field(discount_raw, "discount_percent", 3, zero_allowed=True) if discount_raw else Decimal(0)
    if discount >= HUNDRED:
        raise BadRow(f"discount_percent must be under 100: {discount_raw!r}.")
    return OrderRow(
        row=number,
        order_number=identifier_field(record["order_number"], "order_number", 32),
        revision=int(revision_raw),
        customer_number=identifier_field(record["customer_number"], "customer_number", 32),
        ship_to=text_field(record["ship_to"], "ship_to", 200, required=False),
        po_number=identifier_field(record["po_number"], "po_number", 64, required=False) or None,
        order_date=order_date,
        requested_date=requested_date,
        currency=currency,
        line_number=whole_number_field(record["line_number"], "line_number") or 0,
        sku=identifier_field(record["sku"], "sku", 64),
        description=text_field(record["description"], "description", 500, required=False, lines=True),
        quantity=decimal_field(record["quantity"], "quantity", 3),
        unit_price=decimal_field(record["unit_price"], "unit_price", 4, zero_allowed=True),
        discount_percent=discount,
    )


def _delivery_row(number: int, record: dict[str, str]) -> DeliveryRow:
    shipped_on = date_field(record["shipped_on"], "shipped_on")
    delivered_raw = record["delivered_on"].strip()
    delivered_on = date_field(delivered_raw, "delivered_on") if delivered_raw else None
    if delivered_on is not None and delivered_on < shipped_on:
        raise BadRow(f"delivered_on {delivered_on} is before shipped_on {shipped_on}.")
    delivered_qty_raw = record["quantity_delivered"].strip()
    quantity_delivered = (
        decimal_field(delivered_qty_raw, "quantity_delivered", 3, zero_allowed=True) if delivered_qty_raw else None
    )
    if quantity_delivered is not None and delivered_on is None:
        raise BadRow("quantity_delivered needs delivered_on: a delivered quantity is known once the goods arrived.")
    return DeliveryRow(
        row=number,
        delivery_number=identifier_field(record["delivery_number"], "delivery_number", 64),
        order_number=identifier_field(record["order_number"], "order_number", 32),
        carrier=text_field(record["carrier"], "carrier", 100, required=False),
        tracking_number=text_field(record["tracking_number"], "tracking_number", 100, required=False),
        shipped_on=shipped_on,
        delivered_on=delivered_on,
        order_line_number=whole_number_field(record["order_line_number"], "order_line_number") or 0,
        quantity_shipped=decimal_field(record["quantity_shipped"], "quantity_shipped", 3),
        quantity_delivered=quantity_delivered,
    )


def read_orders(stream: IO[bytes]) -> Iterator[OrderRow | RowError]:
    return read_rows(stream, [ORDER_COLUMNS], _order_row)


def read_deliveries(stream: IO[bytes]) -> Iterator[DeliveryRow | RowError]:
    return read_rows(stream, [DELIVERY_COLUMNS], _delivery_row)
