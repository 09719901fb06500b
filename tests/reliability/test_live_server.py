"""The live server the reliability tests share: each role signs in over HTTP and sees only its own tenant."""

from __future__ import annotations

from tests.reliability.conftest import TenantIds
from tests.support.live_server import LiveServer

INVOICE = "query($id: ID!) { invoice(id: $id) { id number } }"


async def test_each_tenant_reads_its_own_invoice_and_not_the_others(
    live_server: LiveServer, tenant_a: TenantIds
) -> None:
    some_invoice = sorted(tenant_a.invoices)[0]
    async with live_server.client("customer_a") as owner, live_server.client("customer_b") as other:
        mine = (await owner.post("/graphql", json={"query": INVOICE, "variables": {"id": some_invoice}})).json()
        theirs = (await other.post("/graphql", json={"query": INVOICE, "variables": {"id": some_invoice}})).json()
    assert mine["data"]["invoice"]["id"] == some_invoice
    assert theirs == {"data": {"invoice": None}}


async def test_the_fixture_gave_tenant_a_messages_and_documents(tenant_a: TenantIds) -> None:
    assert len(tenant_a.messages) >= 3 and tenant_a.documents and tenant_a.disputes and tenant_a.payments
    assert tenant_a.account_id in tenant_a.all
