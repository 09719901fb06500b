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


SORTED = """query($after: String, $sort: InvoiceSort!, $filter: InvoiceFilter) {
  invoices(first: 2, after: $after, sort: $sort, filter: $filter) {
    totalCount edges { node { totalAmount dueDate } } pageInfo { hasNextPage endCursor } } }"""


async def _walk(api: Api, sort: str, flt: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await api.graphql(SORTED, {"after": after, "sort": sort, "filter": flt}))["data"]["invoices"]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def test_sorting_by_amount_and_due_date_pages_through_in_order(api: Api, factory: Any) -> None:
    account = await _customer_with_invoices(factory, api)
    today = date.today()
    for total, due in [("5.00", 9), ("500.00", 3), ("50.00", 30), ("50.00", 1), ("0.50", 14)]:
        await factory.invoice(account, total=Decimal(total), issue=today, due_in_days=due)

    by_amount = [n["totalAmount"] for n in await _walk(api, "AMOUNT_HIGHEST")]
    by_due = [n["dueDate"] for n in await _walk(api, "DUE_SOONEST")]

    assert by_amount == ["500.00", "50.00", "50.00", "5.00", "0.50"]
    assert by_due == sorted(by_due) and len(by_due) == 5


async def test_amount_range_filter_and_bad_bounds(api: Api, factory: Any) -> None:
    account = await _customer_with_invoices(factory, api)
    for total in ("9.99", "10.00", "99.99", "100.00", "100.01"):
        await factory.invoice(account, total=Decimal(total))

    inside = await _walk(api, "AMOUNT_HIGHEST", {"amountMin": "10.00", "amountMax": "100.00"})
    bad = await api.graphql(SORTED, {"sort": "AMOUNT_HIGHEST", "filter": {"amountMin": "1.001"}})

    assert [n["totalAmount"] for n in inside] == ["100.00", "99.99", "10.00"]
    assert bad["errors"][0]["message"] == "Amount filters are zero or more, with at most two decimals."


async def test_a_cursor_from_another_sort_order_is_refused(api: Api, factory: Any) -> None:
    account = await _customer_with_invoices(factory, api)
    for _ in range(3):
        await factory.invoice(account)
    cursor = (await api.graphql(SORTED, {"sort": "ISSUED_NEWEST"}))["data"]["invoices"]["pageInfo"]["endCursor"]
    result = await api.graphql(SORTED, {"sort": "AMOUNT_HIGHEST", "after": cursor})
    assert result["errors"][0]["message"] == "The paging cursor is not valid; start from the first page."
