"""The report over GraphQL, as the console asks for it: staff read exactly the figures the report module works out,
and a period that ends before it starts is a clear error."""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.db.engine import system_session
from backend.domain.reports.receivables import receivables_report
from tests.reports.test_ledger import _quarter
from tests.support.api import Api

REPORT = """
query($c: String!, $s: Date!, $e: Date!) { receivablesReport(currency: $c, start: $s, end: $e) {
  currency days creditSales receivables currentReceivables openDeductions dsoSimple dsoCountBack collectionEffectiveness
  daysDeductionOutstanding validShare resolutionDays { median p90 }
} }"""


async def test_staff_read_the_modules_figures_and_a_backwards_period_is_refused(
    api: Api, factory: Any, demo: Any
) -> None:
    await _quarter(demo, factory)
    manager = await factory.user("credit_manager")
    await api.login(manager.email, "correct horse battery")

    answer = await api.graphql(REPORT, {"c": "eur", "s": "2026-01-01", "e": "2026-03-31"})

    async with system_session(demo) as db:
        expected = await receivables_report(db, currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31))
    report = answer["data"]["receivablesReport"]
    assert (report["currency"], report["days"]) == ("EUR", 90)
    for field, value in (
        ("creditSales", expected.credit_sales),
        ("receivables", expected.receivables),
        ("currentReceivables", expected.current_receivables),
        ("openDeductions", expected.open_deductions),
        ("dsoSimple", expected.dso_simple),
        ("dsoCountBack", expected.dso_count_back),
        ("collectionEffectiveness", expected.collection_effectiveness),
        ("daysDeductionOutstanding", expected.days_deduction_outstanding),
    ):
        assert report[field] == (str(value) if value is not None else None), field
    assert expected.credit_sales > 0 and report["resolutionDays"] is not None

    backwards = await api.graphql(REPORT, {"c": "EUR", "s": "2026-03-31", "e": "2026-01-01"})
    assert not backwards.get("data") or backwards["data"]["receivablesReport"] is None
    assert "ends before it starts" in backwards["errors"][0]["message"]


async def test_one_customers_report_is_that_customers_figures(api: Api, factory: Any, demo: Any) -> None:
    account = await _quarter(demo, factory)
    manager = await factory.user("credit_manager")
    await api.login(manager.email, "correct horse battery")
    query = """query($c: String!) { receivablesReport(currency: "EUR", start: "2026-01-01", end: "2026-03-31",
                                                      customer: $c) { receivables dsoSimple } }"""

    own = (await api.graphql(query, {"c": account.number}))["data"]["receivablesReport"]
    unknown = await api.graphql(query, {"c": "NO-SUCH-CUSTOMER"})

    assert own == {"receivables": "900.00", "dsoSimple": "67.5"}  # the quarter worked out by hand
    assert "No customer is numbered 'NO-SUCH-CUSTOMER'" in unknown["errors"][0]["message"]
    export = await api.http.get(
        f"/api/reports/receivables?currency=EUR&start=2026-01-01&end=2026-03-31&format=csv&customer={account.number}"
    )
    assert "Receivables at the end,900.00" in export.text
    assert f"receivables-{account.number}-EUR-2026-01-01-2026-03-31.csv" in export.headers["content-disposition"]
