"""Invoice status, filters and keyset paging as the list shows them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tests.support.api import Api

LIST = """query($first: Int!, $after: String, $filter: InvoiceFilter) {
  invoices(first: $first, after: $after, filter: $filter) {
    totalCount edges { node { number status daysOverdue openBalance } } pageInfo { hasNextPage endCursor }
  }
}"""


async def _customer_with_invoices(factory: Any, api: Api) -> Any:
    account = await factory.account()
    user = await factory.user("customer_user", account)
    await api.login(user.email, "correct horse battery")
    return account


async def test_status_reflects_balance_due_date_and_disputes(api: Api, factory: Any) -> None:
    account = await _customer_with_invoices(factory, api)
    today = date.today()
    await factory.invoice(account, total=Decimal("50.00"), issue=today - timedelta(days=10), po_number="PO-OPEN")
    await factory.invoice(account, total=Decimal("60.00"), issue=today - timedelta(days=50), po_number="PO-LATE")
    await factory.invoice(
        account, total=Decimal("70.00"), paid=Decimal("70.00"), issue=today - timedelta(days=60), po_number="PO-PAID"
    )

    result = await api.graphql(LIST, {"first": 10})

    by_po = {e["node"]["number"]: e["node"] for e in result["data"]["invoices"]["edges"]}
    statuses = sorted((n["status"], n["daysOverdue"]) for n in by_po.values())
    assert statuses == [("OPEN", 0), ("OVERDUE", 20), ("PAID", 0)]


async def test_filters_by_status_and_search(api: Api, factory: Any) -> None:
    account = await _customer_with_invoices(factory, api)
    today = date.today()
    late = await factory.invoice(account, issue=today - timedelta(days=45), po_number="PO-4500012345")
    await factory.invoice(account, issue=today, po_number="PO-999")

    overdue = await api.graphql(LIST, {"first": 10, "filter": {"status": ["OVERDUE"]}})
    by_po = await api.graphql(LIST, {"first": 10, "filter": {"search": "4500012345"}})
    by_number = await api.graphql(LIST, {"first": 10, "filter": {"search": late.number.lower()}})
    by_dates = await api.graphql(LIST, {"first": 10, "filter": {"issuedFrom": str(today - timedelta(days=1))}})

    assert [e["node"]["number"] for e in overdue["data"]["invoices"]["edges"]] == [late.number]
    assert by_po["data"]["invoices"]["totalCount"] == 1
    assert by_number["data"]["invoices"]["edges"][0]["node"]["number"] == late.number
    assert by_dates["data"]["invoices"]["totalCount"] == 1


async def test_paging_walks_every_invoice_once_newest_first(api: Api, factory: Any) -> None:
    account = await _customer_with_invoices(factory, api)
    today = date.today()
    for offset in range(7):
        await factory.invoice(account, issue=today - timedelta(days=offset % 3))

    numbers, after, pages = [], None, 0
    while True:
        page = (await api.graphql(LIST, {"first": 3, "after": after}))["data"]["invoices"]
        assert page["totalCount"] == 7
        numbers += [e["node"]["number"] for e in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert pages == 3 and len(numbers) == len(set(numbers)) == 7


async def test_money_is_sent_as_exact_strings(api: Api, factory: Any) -> None:
    account = await _customer_with_invoices(factory, api)
    await factory.invoice(account, total=Decimal("12345678901.10"))
    node = (await api.graphql(LIST, {"first": 1}))["data"]["invoices"]["edges"][0]["node"]
    assert node["openBalance"] == "12345678901.10"
