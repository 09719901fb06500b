"""From a report's figure down to the cases behind it: the work queue filtered to the cases decided in the period,
in the report's currency, of one reason and outcome, exactly the ones the report counted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from backend.db.engine import system_session
from backend.domain.reports.receivables import receivables_report
from tests.reports.test_ledger import _quarter
from tests.support.api import Api

QUEUE = """
query($f: CaseFilter) { cases(first: 100, filter: $f) { totalCount edges { node { id amount } } } }"""


async def test_the_queue_shows_the_cases_a_report_counted_as_written_off_in_the_quarter(
    api: Api, factory: Any, demo: Any
) -> None:
    await _quarter(demo, factory)
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")
    async with system_session(demo) as db:
        report = await receivables_report(db, currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31))

    behind = await api.graphql(
        QUEUE,
        {
            "f": {
                "status": ["WRITTEN_OFF"],
                "decidedAfter": "2026-01-01",
                "decidedBefore": "2026-03-31",
                "currency": "eur",
            }
        },
    )

    cases = behind["data"]["cases"]
    assert cases["totalCount"] == report.written_off_count >= 1
    assert sum((Decimal(e["node"]["amount"]) for e in cases["edges"]), Decimal("0.00")) == report.written_off
    # a day after the quarter and another currency find none of them
    later = await api.graphql(
        QUEUE, {"f": {"status": ["WRITTEN_OFF"], "decidedAfter": "2026-04-01", "currency": "EUR"}}
    )
    other = await api.graphql(
        QUEUE, {"f": {"status": ["WRITTEN_OFF"], "decidedAfter": "2026-01-01", "currency": "JPY"}}
    )
    ids = {e["node"]["id"] for e in cases["edges"]}
    assert not ids & {e["node"]["id"] for e in later["data"]["cases"]["edges"]}
    assert other["data"]["cases"]["totalCount"] == 0
