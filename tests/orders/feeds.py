"""Building order, delivery and invoice feed files for tests, and posting them as staff do."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from tests.support.api import Api

ORDER_HEADER = (
    "order_number,revision,customer_number,ship_to,po_number,order_date,requested_date,currency,line_number,sku,"
    "description,quantity,unit_price,discount_percent\n"
)
DELIVERY_HEADER = (
    "delivery_number,order_number,carrier,tracking_number,shipped_on,delivered_on,order_line_number,"
    "quantity_shipped,quantity_delivered\n"
)
INVOICE_HEADER = (
    "invoice_number,customer_number,customer_name,currency,issue_date,due_date,po_number,delivery_number,"
    "cash_discount_percent,cash_discount_due_on,line_number,sku,description,quantity,unit_price,line_amount,"
    "order_number,order_line_number\n"
)


def order_row(
    order: str,
    customer: str,
    line: int,
    sku: str,
    quantity: str,
    price: str,
    *,
    revision: int = 1,
    discount: str = "",
    po: str = "PO-77",
    order_date: str = "2026-11-02",
) -> str:
    return (
        f"{order},{revision},{customer},Main warehouse,{po},{order_date},2026-11-09,USD,{line},{sku},"
        f"{sku} goods,{quantity},{price},{discount}\n"
    )


def delivery_row(
    delivery: str,
    order: str,
    line: int,
    shipped: str,
    *,
    delivered: str = "",
    shipped_on: str = "2026-11-05",
    delivered_on: str = "2026-11-06",
) -> str:
    return f"{delivery},{order},Roadrunner,RR{delivery},{shipped_on},{delivered_on},{line},{shipped},{delivered}\n"


def invoice_row(
    invoice: str,
    customer: str,
    name: str,
    line: int,
    sku: str,
    quantity: str,
    price: str,
    order: str,
    order_line: int,
    *,
    issue: str = "2026-11-07",
    delivery: str = "",
) -> str:
    amount = (Decimal(quantity) * Decimal(price)).quantize(Decimal("0.01"))
    return (
        f"{invoice},{customer},{name},USD,{issue},2026-12-07,PO-77,{delivery},,,{line},{sku},{sku} goods,"
        f"{quantity},{price},{amount},{order},{order_line}\n"
    )


async def post_feed(api: Api, kind: str, body: str, *, accept_valid: bool = False) -> httpx.Response:
    return await api.http.post(
        f"/api/imports/{kind}",
        files={"file": (f"{kind}.csv", body.encode(), "text/csv")},
        data={"accept_valid": "true"} if accept_valid else {},
        headers={"x-csrf-token": api.csrf or ""},
    )


async def sign_in(api: Api, factory: Any, role: str = "ar_clerk") -> Any:
    user = await factory.user(role)
    assert (await api.login(user.email, "correct horse battery")).status_code == 200
    await api.http.get("/health")
    return user
