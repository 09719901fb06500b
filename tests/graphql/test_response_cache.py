"""Kept answers (backend/graphql/response_cache.py): a customer's query is answered again from memory only for the
same user, never across accounts, and never after a write to what they see — whoever wrote it, however."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import update

from backend.db.engine import system_session
from backend.domain.invoices.models import Invoice
from tests.support.api import Api

INVOICES = """query Invoices($first: Int!) { invoices(first: $first) {
  totalCount edges { node { number status openBalance disputedAmount disputeCount } } } }"""
FILE = """mutation($input: FileDisputeInput!) { fileDispute(input: $input) { __typename } }"""
QUEUE = "query { cases(first: 5) { totalCount edges { node { id } } } }"


async def _customer(api: Api, factory: Any) -> tuple[Any, Invoice]:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    user = await factory.user("customer_user", account)
    assert (await api.login(user.email, "correct horse battery")).status_code == 200
    return account, invoice


def _numbers(answer: dict[str, Any]) -> list[str]:
    return [edge["node"]["number"] for edge in answer["data"]["invoices"]["edges"]]


async def test_the_same_question_twice_is_answered_from_memory_the_second_time(
    api: Api, factory: Any, app: Any
) -> None:
    # given: a customer who has read their invoices once
    _, invoice = await _customer(api, factory)
    cache = app.state.response_cache
    first = await api.graphql(INVOICES, {"first": 10})
    hits = cache.hits

    # when: the same question again
    second = await api.graphql(INVOICES, {"first": 10})

    # then: the same answer, from memory
    assert second == first and _numbers(second) == [invoice.number]
    assert cache.hits == hits + 1


async def test_a_kept_answer_is_never_given_to_another_account(api_factory: Any, factory: Any, app: Any) -> None:
    # given: customers A and B, each with an invoice, asking the very same question
    api_a, api_b = api_factory(), api_factory()
    _, invoice_a = await _customer(api_a, factory)
    _, invoice_b = await _customer(api_b, factory)
    answer_a = await api_a.graphql(INVOICES, {"first": 10})
    await api_a.graphql(INVOICES, {"first": 10})  # kept for A

    # when: B asks the same question
    answer_b = await api_b.graphql(INVOICES, {"first": 10})

    # then: B sees B's invoice only, and A still sees A's
    assert _numbers(answer_b) == [invoice_b.number]
    assert _numbers(answer_a) == [invoice_a.number]
    assert _numbers(await api_a.graphql(INVOICES, {"first": 10})) == [invoice_a.number]


async def test_the_customers_own_write_is_seen_on_the_next_read(api: Api, factory: Any) -> None:
    # given: a customer whose invoice list is kept
    _, invoice = await _customer(api, factory)
    before = await api.graphql(INVOICES, {"first": 10})
    assert before == await api.graphql(INVOICES, {"first": 10})
    assert before["data"]["invoices"]["edges"][0]["node"]["disputeCount"] == 0

    # when: they file a dispute
    filed = await api.graphql(
        FILE,
        {
            "input": {
                "invoiceId": str(invoice.id),
                "reasonCode": "DAMAGED",
                "amount": "40.00",
                "description": "Crushed cases.",
                "idempotencyKey": uuid.uuid4().hex,
            }
        },
    )
    assert filed["data"]["fileDispute"]["__typename"] == "DisputeFiled"

    # then: the list shows it at once
    node = (await api.graphql(INVOICES, {"first": 10}))["data"]["invoices"]["edges"][0]["node"]
    assert node["disputeCount"] == 1 and node["status"] == "DISPUTED" and node["disputedAmount"] == "40.00"


async def test_a_write_by_anyone_else_is_seen_on_the_next_read(api: Api, factory: Any, demo: Any, app: Any) -> None:
    # given: a customer whose invoice list is kept
    _, invoice = await _customer(api, factory)
    await api.graphql(INVOICES, {"first": 10})
    kept = await api.graphql(INVOICES, {"first": 10})
    assert kept["data"]["invoices"]["edges"][0]["node"]["openBalance"] == "100.00"
    hits = app.state.response_cache.hits

    # when: another process (cash application, say) pays part of the invoice with a plain SQL update
    async with system_session(demo) as db:
        await db.execute(
            update(Invoice)
            .where(Invoice.id == invoice.id)
            .values(paid_amount=Decimal("30.00"), open_balance=Decimal("70.00"))
        )
        await db.commit()

    # then: the next read is fresh, not the kept answer
    node = (await api.graphql(INVOICES, {"first": 10}))["data"]["invoices"]["edges"][0]["node"]
    assert node["openBalance"] == "70.00"
    assert app.state.response_cache.hits == hits


async def test_a_write_that_rolls_back_keeps_the_kept_answer_valid(api: Api, factory: Any, demo: Any, app: Any) -> None:
    _, invoice = await _customer(api, factory)
    kept = await api.graphql(INVOICES, {"first": 10})
    async with system_session(demo) as db:
        await db.execute(update(Invoice).where(Invoice.id == invoice.id).values(po_number="PO-NEVER"))
        await db.rollback()
    hits = app.state.response_cache.hits

    assert await api.graphql(INVOICES, {"first": 10}) == kept
    assert app.state.response_cache.hits == hits + 1


async def test_staff_answers_and_mutations_are_never_kept(api: Api, app: Any) -> None:
    assert (await api.login("clerk@recoup.example")).status_code == 200
    cache = app.state.response_cache
    hits, size = cache.hits, len(cache)

    await api.graphql(QUEUE)
    await api.graphql(QUEUE)

    assert cache.hits == hits and len(cache) == size
