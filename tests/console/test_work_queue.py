"""The work queue: filters, counts per status, my queue, overdue cases, constant statements per page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute
from tests.support.api import Api

PASSWORD = "correct horse battery"
QUEUE = """query($filter: CaseFilter, $first: Int!, $sort: CaseSort!) { cases(first: $first, filter: $filter, sort: $sort) {
  totalCount countsByStatus { status count }
  edges { node { id status amount accountName invoiceNumber assigneeName isOverdue reasonCode } } } }"""


async def _signed_in_clerk(api: Api, factory: Any) -> Any:
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, PASSWORD)
    return clerk


async def _account_with_cases(factory: Any, name: str) -> tuple[Any, list[Any]]:
    account = await factory.account(name)
    cases = []
    for claim in ("5.00", "50.00", "500.00"):
        invoice = await factory.invoice(account, total=Decimal("1000.00"))
        cases.append(await factory.dispute(invoice, amount=Decimal(claim)))
    return account, cases


async def test_filters_by_customer_amount_and_status_with_counts(api: Api, factory: Any) -> None:
    await _signed_in_clerk(api, factory)
    account, cases = await _account_with_cases(factory, "Queue Filter Co")

    everything = await api.graphql(
        QUEUE, {"filter": {"accountIds": [str(account.id)]}, "first": 10, "sort": "AMOUNT_HIGHEST"}
    )
    middle = await api.graphql(
        QUEUE,
        {
            "filter": {"accountIds": [str(account.id)], "amountMin": "10.00", "amountMax": "100.00"},
            "first": 10,
            "sort": "NEWEST",
        },
    )

    page = everything["data"]["cases"]
    assert [e["node"]["amount"] for e in page["edges"]] == ["500.00", "50.00", "5.00"]
    assert {e["node"]["accountName"] for e in page["edges"]} == {"Queue Filter Co"}
    assert page["countsByStatus"] == [{"status": "NEW", "count": 3}]
    assert [e["node"]["id"] for e in middle["data"]["cases"]["edges"]] == [str(cases[1].id)]


async def test_my_queue_shows_what_is_assigned_to_me(api: Api, factory: Any) -> None:
    clerk = await _signed_in_clerk(api, factory)
    account, cases = await _account_with_cases(factory, "Queue Mine Co")
    assigned = await api.graphql(
        "mutation($ids: [ID!]!, $to: ID) { assignCases(caseIds: $ids, assigneeId: $to) { __typename ... on CasesAssigned { cases { status assigneeName } } } }",
        {"ids": [str(cases[0].id), str(cases[2].id)], "to": str(clerk.id)},
    )
    assert assigned["data"]["assignCases"]["cases"] == [{"status": "ASSIGNED", "assigneeName": clerk.full_name}] * 2

    mine = await api.graphql(
        QUEUE, {"filter": {"mine": True, "accountIds": [str(account.id)]}, "first": 10, "sort": "NEWEST"}
    )
    unassigned = await api.graphql(
        QUEUE, {"filter": {"unassigned": True, "accountIds": [str(account.id)]}, "first": 10, "sort": "NEWEST"}
    )

    assert {e["node"]["id"] for e in mine["data"]["cases"]["edges"]} == {str(cases[0].id), str(cases[2].id)}
    assert [e["node"]["id"] for e in unassigned["data"]["cases"]["edges"]] == [str(cases[1].id)]


async def test_overdue_cases_stand_out(api: Api, factory: Any, demo: Any) -> None:
    await _signed_in_clerk(api, factory)
    account, cases = await _account_with_cases(factory, "Queue Late Co")
    async with system_session(demo) as db:
        late = await db.get(Dispute, cases[0].id)
        assert late is not None
        late.due_on = date.today() - timedelta(days=3)
        await db.commit()

    overdue = await api.graphql(
        QUEUE, {"filter": {"overdue": True, "accountIds": [str(account.id)]}, "first": 10, "sort": "NEWEST"}
    )

    assert [(e["node"]["id"], e["node"]["isOverdue"]) for e in overdue["data"]["cases"]["edges"]] == [
        (str(cases[0].id), True)
    ]


async def test_the_queue_costs_the_same_statements_for_10_and_100_rows(api: Api, app: Any, factory: Any) -> None:
    await _signed_in_clerk(api, factory)
    await api.graphql("{ viewer { email } }")
    engine = app.state.engine.sync_engine

    async def statements(first: int) -> int:
        seen: list[str] = []

        def count(*args: Any) -> None:
            seen.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            result = await api.graphql(QUEUE, {"first": first, "sort": "NEWEST"})
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert len(result["data"]["cases"]["edges"]) == first
        return len(seen)

    assert await statements(10) == await statements(100)
