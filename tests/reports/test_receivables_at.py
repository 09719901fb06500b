"""A report's receivables figures open each customer's receivables at that day: recorded or rebuilt, they add up
to the report's figure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from backend.db.engine import system_session
from backend.domain.reports.snapshots import record_balances
from tests.reports.test_ledger import _quarter
from tests.support.api import Api

QUERY = """
query($n: String, $day: Date!) {
  receivablesReport(currency: "EUR", start: "2026-01-01", end: "2026-03-31", customer: $n) {
    receivables currentReceivables openDeductions
  }
  receivablesAt(currency: "EUR", day: $day, customer: $n) {
    day recorded totalCount receivables current openDeductions
    items { customerNumber receivables current openDeductions }
  }
}"""


async def test_the_receivables_at_the_end_open_each_customers_books_that_add_up_to_it(
    api: Api, factory: Any, demo: Any
) -> None:
    account = await _quarter(demo, factory)
    manager = await factory.user("credit_manager")
    await api.login(manager.email, "correct horse battery")

    async def read(customer: str | None) -> dict[str, Any]:
        return (await api.graphql(QUERY, {"n": customer, "day": "2026-03-31"}))["data"]  # type: ignore[no-any-return]

    rebuilt_all, rebuilt_one = await read(None), await read(account.number)
    async with system_session(demo) as db:
        await record_balances(db, datetime(2026, 3, 31).date(), now=datetime.now(UTC))
        await db.commit()
    recorded_all = await read(None)

    for found in (rebuilt_all, rebuilt_one, recorded_all):
        report, at = found["receivablesReport"], found["receivablesAt"]
        assert (at["receivables"], at["current"], at["openDeductions"]) == (
            report["receivables"],
            report["currentReceivables"],
            report["openDeductions"],
        )
    (mine,) = rebuilt_one["receivablesAt"]["items"]
    assert (mine["customerNumber"], mine["receivables"]) == (account.number, "900.00")  # the quarter worked by hand
    assert account.number in {i["customerNumber"] for i in recorded_all["receivablesAt"]["items"]}
    assert (rebuilt_all["receivablesAt"]["recorded"], recorded_all["receivablesAt"]["recorded"]) == (False, True)
    assert recorded_all["receivablesAt"]["items"] == rebuilt_all["receivablesAt"]["items"]

    future = await api.graphql(QUERY, {"n": None, "day": "2999-01-01"})
    assert "Choose a day that has ended" in future["errors"][0]["message"]
