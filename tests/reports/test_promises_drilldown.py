"""The promises behind a report's "Promises kept": the console lists exactly those the figure counted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from backend.db.engine import system_session
from backend.domain.credit.models import PromiseToPay
from tests.reports.test_ledger import _quarter
from tests.support.api import Api

D = Decimal
QUERY = """
query($c: String!, $n: String, $k: Boolean!) {
  receivablesReport(currency: $c, start: "2026-01-01", end: "2026-03-31", customer: $n) {
    promisesSettled promisesKept
  }
  settledPromises(currency: $c, start: "2026-01-01", end: "2026-03-31", customer: $n, keptOnly: $k) {
    totalCount items { customerNumber amount currency status promisedOn receivedAmount }
  }
}"""


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


async def test_the_promises_kept_figure_lists_the_promises_it_counted(api: Api, factory: Any, demo: Any) -> None:
    account = await _quarter(demo, factory)
    collector = await factory.user("collector")
    async with system_session(demo) as db:
        for status, currency, settled, received in (
            ("kept", "EUR", date(2026, 3, 11), "100.00"),
            ("partly_kept", "EUR", date(2026, 2, 20), "40.00"),
            ("broken", "EUR", date(2026, 1, 31), "0.00"),
            ("kept", "EUR", date(2026, 4, 2), "100.00"),  # after the quarter
            ("kept", "USD", date(2026, 3, 11), "100.00"),  # another currency
        ):
            db.add(PromiseToPay(account_id=account.id, amount=D("100.00"), currency=currency, status=status,
                                promised_on=settled, made_by_id=collector.id, made_in_portal=False,
                                received_amount=D(received), settled_at=_at(settled)))  # fmt: skip
        db.add(PromiseToPay(account_id=account.id, amount=D("100.00"), currency="EUR", status="open",
                            promised_on=date(2026, 3, 30), made_by_id=collector.id, made_in_portal=False))  # fmt: skip
        await db.commit()
    manager = await factory.user("credit_manager")
    await api.login(manager.email, "correct horse battery")

    every = (await api.graphql(QUERY, {"c": "EUR", "n": account.number, "k": False}))["data"]
    kept = (await api.graphql(QUERY, {"c": "EUR", "n": account.number, "k": True}))["data"]["settledPromises"]

    counted = every["receivablesReport"]
    assert (counted["promisesSettled"], counted["promisesKept"]) == (3, 1)
    listed = every["settledPromises"]
    assert listed["totalCount"] == 3
    assert [p["status"] for p in listed["items"]] == ["kept", "partly_kept", "broken"]  # the latest settled first
    assert listed["items"][1]["receivedAmount"] == "40.00" and listed["items"][0]["customerNumber"] == account.number
    assert kept["totalCount"] == 1 and kept["items"][0]["promisedOn"] == "2026-03-11"

    customer = await factory.user("customer_user", account)
    await api.login(customer.email, "correct horse battery")
    refused = await api.graphql(QUERY, {"c": "EUR", "n": account.number, "k": False})
    assert refused["data"] is None and refused["errors"]
