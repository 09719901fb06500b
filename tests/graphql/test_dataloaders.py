"""DataLoaders live for one request (SECURITY.md B13): their cache never serves one request's rows to another."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from backend.db.engine import system_session
from backend.domain.accounts.models import CustomerAccount

ACCOUNT_OF = "query($id: ID!) { invoice(id: $id) { account { name } } }"


async def test_the_next_request_loads_afresh_what_the_last_one_loaded(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    # given: a clerk and a customer each loaded an invoice's account through the account loader
    account = await factory.account("Before Rename Co")
    invoice = await factory.invoice(account)
    clerk, customer = api_factory(), api_factory()
    await clerk.login((await factory.user("ar_clerk")).email, "correct horse battery")
    await customer.login((await factory.user("customer_user", account)).email, "correct horse battery")
    for client in (clerk, customer):
        seen = await client.graphql(ACCOUNT_OF, {"id": str(invoice.id)})
        assert seen["data"]["invoice"]["account"]["name"] == "Before Rename Co"

    # when: the account changes between requests
    async with system_session(demo) as db:
        await db.execute(update(CustomerAccount).where(CustomerAccount.id == account.id).values(name="After Rename Co"))
        await db.commit()

    # then: each next request sees the change, so nothing was kept from the request before
    for client in (clerk, customer):
        again = await client.graphql(ACCOUNT_OF, {"id": str(invoice.id)})
        assert again["data"]["invoice"]["account"]["name"] == "After Rename Co"
