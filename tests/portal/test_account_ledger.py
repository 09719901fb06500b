"""Statement, aging and payment history of the customer's account (issue 3 item 2)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from backend.db.engine import system_session
from backend.domain.accounts.models import CustomerAccount
from backend.domain.invoices.models import Invoice
from tests.support.api import Api

STATEMENT = """query($from: Date!, $to: Date!) { viewer { account { statement(periodFrom: $from, periodTo: $to) {
  openingBalance closingBalance entries { on kind reference debit credit balance } } } } }"""
AGING = "{ viewer { account { aging { current days1To30 days31To60 days61To90 over90 total } } } }"


async def _open_balance(sessionmaker: Any, account_name: str) -> Decimal:
    async with system_session(sessionmaker) as db:
        return (
            await db.execute(
                select(func.sum(Invoice.open_balance))
                .join(CustomerAccount, CustomerAccount.id == Invoice.account_id)
                .where(CustomerAccount.name == account_name)
            )
        ).scalar_one()


async def test_statement_to_today_closes_at_the_open_balance(api: Api, demo: Any) -> None:
    await api.login("ap@northwind.example")
    today = date.today()

    statement = (await api.graphql(STATEMENT, {"from": str(today - timedelta(days=600)), "to": str(today)}))["data"][
        "viewer"
    ]["account"]["statement"]

    assert statement["openingBalance"] == "0.00"
    assert Decimal(statement["closingBalance"]) == await _open_balance(demo, "Northwind Traders")
    kinds = {entry["kind"] for entry in statement["entries"]}
    assert {"INVOICE", "PAYMENT", "DEDUCTION"} <= kinds


async def test_a_period_statement_adds_up(api: Api) -> None:
    await api.login("ap@contoso.example")
    today = date.today()
    period = {"from": str(today - timedelta(days=180)), "to": str(today - timedelta(days=90))}

    statement = (await api.graphql(STATEMENT, period))["data"]["viewer"]["account"]["statement"]

    balance = Decimal(statement["openingBalance"])
    assert balance > 0
    for entry in statement["entries"]:
        assert period["from"] <= entry["on"] <= period["to"]
        balance += Decimal(entry["debit"]) - Decimal(entry["credit"])
        assert Decimal(entry["balance"]) == balance
    assert Decimal(statement["closingBalance"]) == balance


async def test_reversed_period_is_a_plain_error(api: Api) -> None:
    await api.login("ap@contoso.example")
    result = await api.graphql(STATEMENT, {"from": "2026-05-02", "to": "2026-05-01"})
    assert result["errors"][0]["message"] == "The start date must be on or before the end date."


async def test_aging_buckets_by_days_past_due(api: Api, factory: Any) -> None:
    account = await factory.account()
    today = date.today()
    for days_past_due, total in [
        (-5, "1.00"),
        (0, "2.00"),
        (1, "10.00"),
        (30, "20.00"),
        (31, "300.00"),
        (75, "4000.00"),
        (91, "50000.00"),
    ]:
        await factory.invoice(
            account, total=Decimal(total), issue=today - timedelta(days=30 + days_past_due), due_in_days=30
        )
    await factory.invoice(account, total=Decimal("7.00"), paid=Decimal("7.00"), issue=today - timedelta(days=200))
    user = await factory.user("customer_user", account)
    await api.login(user.email, "correct horse battery")

    aging = (await api.graphql(AGING))["data"]["viewer"]["account"]["aging"]

    assert aging == {
        "current": "3.00",
        "days1To30": "30.00",
        "days31To60": "300.00",
        "days61To90": "4000.00",
        "over90": "50000.00",
        "total": "54333.00",
    }


async def test_payment_history_shows_what_each_payment_paid(api: Api) -> None:
    await api.login("ap@northwind.example")
    result = await api.graphql(
        "{ viewer { account { payments(first: 5) { totalCount edges { node { reference amount "
        "applications { invoiceNumber amount } } } pageInfo { hasNextPage } } } } }"
    )
    payments = result["data"]["viewer"]["account"]["payments"]
    assert payments["totalCount"] > 100 and payments["pageInfo"]["hasNextPage"] is True
    for edge in payments["edges"]:
        node = edge["node"]
        assert node["applications"][0]["invoiceNumber"].startswith("INV-NW-")
        assert sum(Decimal(a["amount"]) for a in node["applications"]) == Decimal(node["amount"])


async def test_a_partial_credit_appears_on_the_statement_and_it_still_closes_at_the_open_balance(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    import uuid

    clerk_api, customer_api = api_factory(), api_factory()
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"), issue=date.today() - timedelta(days=5))
    dispute = await factory.dispute(invoice, amount=Decimal("40.00"))
    clerk = await factory.user("ar_clerk")
    customer = await factory.user("customer_user", account)
    await clerk_api.login(clerk.email, "correct horse battery")
    approved = await clerk_api.graphql(
        "mutation($i: ApproveCaseInput!) { approveCase(input: $i) { ... on CaseUpdated { creditMemo { number } } } }",
        {
            "i": {
                "caseId": str(dispute.id),
                "version": 1,
                "amount": "15.00",
                "idempotencyKey": uuid.uuid4().hex,
                "rootCause": "PRICING_MASTER_DATA",
            }
        },
    )
    memo = approved["data"]["approveCase"]["creditMemo"]["number"]
    await customer_api.login(customer.email, "correct horse battery")

    statement = (
        await customer_api.graphql(STATEMENT, {"from": str(date.today() - timedelta(days=30)), "to": str(date.today())})
    )["data"]["viewer"]["account"]["statement"]

    credits = [e for e in statement["entries"] if e["kind"] == "CREDIT"]
    assert [(c["reference"], c["credit"]) for c in credits] == [(memo, "15.00")]
    assert statement["closingBalance"] == "85.00"


async def test_a_partly_disputed_past_due_invoice_is_overdue_for_its_undisputed_part_in_the_list_and_the_aging(
    api: Api, factory: Any
) -> None:
    account = await factory.account()
    today = date.today()
    partly = await factory.invoice(account, total=Decimal("100.00"), issue=today - timedelta(days=45), due_in_days=30)
    await factory.dispute(partly, amount=Decimal("40.00"))
    wholly = await factory.invoice(account, total=Decimal("20.00"), issue=today - timedelta(days=45), due_in_days=30)
    await factory.dispute(wholly, amount=Decimal("20.00"))
    user = await factory.user("customer_user", account)
    await api.login(user.email, "correct horse battery")

    aging = (await api.graphql(AGING.replace("over90 total", "over90 inDispute total")))["data"]["viewer"]["account"]
    listed = await api.graphql("{ invoices(first: 10) { edges { node { number status disputedAmount } } } }")
    overdue = await api.graphql("{ invoices(first: 10, filter: {status: [OVERDUE]}) { edges { node { number } } } }")

    statuses = {e["node"]["number"]: e["node"]["status"] for e in listed["data"]["invoices"]["edges"]}
    assert statuses == {partly.number: "OVERDUE", wholly.number: "DISPUTED"}
    assert [e["node"]["number"] for e in overdue["data"]["invoices"]["edges"]] == [partly.number]
    assert aging["aging"] == {
        "current": "0.00",
        "days1To30": "60.00",  # the undisputed part of the partly disputed invoice, 15 days late
        "days31To60": "0.00",
        "days61To90": "0.00",
        "over90": "0.00",
        "inDispute": "60.00",  # never past due
        "total": "120.00",
    }


async def test_the_invoice_list_adds_up_open_overdue_and_disputed_for_the_whole_filter(api: Api, factory: Any) -> None:
    account = await factory.account()
    today = date.today()
    late = await factory.invoice(account, total=Decimal("100.00"), issue=today - timedelta(days=45), due_in_days=30)
    await factory.dispute(late, amount=Decimal("40.00"))
    await factory.invoice(account, total=Decimal("25.00"), issue=today, due_in_days=30)
    user = await factory.user("customer_user", account)
    await api.login(user.email, "correct horse battery")
    query = """query($f: InvoiceFilter) { invoices(first: 1, filter: $f) {
      totalCount totals { currency count openBalance overdue disputed } } }"""

    everything = (await api.graphql(query))["data"]["invoices"]
    overdue_only = (await api.graphql(query, {"f": {"status": ["OVERDUE"]}}))["data"]["invoices"]

    assert everything["totalCount"] == 2  # the page holds one; the totals are the filter's
    assert everything["totals"] == [
        {"currency": "USD", "count": 2, "openBalance": "125.00", "overdue": "60.00", "disputed": "40.00"}
    ]
    assert overdue_only["totals"] == [
        {"currency": "USD", "count": 1, "openBalance": "100.00", "overdue": "60.00", "disputed": "40.00"}
    ]
