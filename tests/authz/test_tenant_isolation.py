"""The demo customers never see each other's invoices (issue 2's acceptance check)."""

from __future__ import annotations

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.accounts.models import CustomerAccount
from backend.domain.invoices.models import Invoice
from tests.support.api import Api

INVOICE_QUERY = "query($id: ID!) { invoice(id: $id) { id number account { name } lines { sku } } }"


async def _first_invoice_of(sessionmaker, account_name: str) -> Invoice:  # type: ignore[no-untyped-def]
    async with system_session(sessionmaker) as db:
        return (
            await db.execute(
                select(Invoice)
                .join(CustomerAccount, CustomerAccount.id == Invoice.account_id)
                .where(CustomerAccount.name == account_name)
                .limit(1)
            )
        ).scalar_one()


async def test_northwind_gets_nothing_for_a_contoso_invoice_id(api: Api, demo) -> None:  # type: ignore[no-untyped-def]
    contoso_invoice = await _first_invoice_of(demo, "Contoso Retail")
    assert (await api.login("ap@northwind.example")).status_code == 200

    result = await api.graphql(INVOICE_QUERY, {"id": str(contoso_invoice.id)})

    assert result == {"data": {"invoice": None}}


async def test_contoso_sees_its_own_invoice_by_id(api: Api, demo) -> None:  # type: ignore[no-untyped-def]
    contoso_invoice = await _first_invoice_of(demo, "Contoso Retail")
    await api.login("ap@contoso.example")

    result = await api.graphql(INVOICE_QUERY, {"id": str(contoso_invoice.id)})

    assert result["data"]["invoice"]["number"] == contoso_invoice.number
    assert result["data"]["invoice"]["account"]["name"] == "Contoso Retail"
    assert result["data"]["invoice"]["lines"]


async def test_every_page_of_northwinds_list_holds_only_northwind_invoices(api: Api, demo) -> None:  # type: ignore[no-untyped-def]
    await api.login("ap@northwind.example")
    async with system_session(demo) as db:
        foreign_ids = {
            str(i)
            for i in (
                await db.execute(
                    select(Invoice.id)
                    .join(CustomerAccount, CustomerAccount.id == Invoice.account_id)
                    .where(CustomerAccount.name != "Northwind Traders")
                )
            ).scalars()
        }
        northwind_count = len(
            (
                await db.execute(
                    select(Invoice.id)
                    .join(CustomerAccount, CustomerAccount.id == Invoice.account_id)
                    .where(CustomerAccount.name == "Northwind Traders")
                )
            ).all()
        )
    seen: list[str] = []
    after = None
    while True:
        page = (
            await api.graphql(
                "query($after: String) { invoices(first: 100, after: $after) "
                "{ totalCount edges { node { id account { name } } } pageInfo { hasNextPage endCursor } } }",
                {"after": after},
            )
        )["data"]["invoices"]
        assert page["totalCount"] == northwind_count
        assert {edge["node"]["account"]["name"] for edge in page["edges"]} == {"Northwind Traders"}
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == northwind_count
    assert not foreign_ids & set(seen)


async def test_staff_see_invoices_of_every_customer(api: Api) -> None:
    await api.login("clerk@recoup.example")
    result = await api.graphql("{ invoices(first: 100) { totalCount edges { node { account { name } } } } }")
    assert result["data"]["invoices"]["totalCount"] >= 900
    names = {edge["node"]["account"]["name"] for edge in result["data"]["invoices"]["edges"]}
    assert len(names) >= 2
