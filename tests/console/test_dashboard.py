"""The dashboard's numbers agree with the cases behind them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from backend.db.engine import system_session
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from tests.support.api import Api

DASHBOARD = """{ dashboard { openCount openAmount openByReason { key count amount } openByAge { key count amount }
  openByCustomer { key label amount } averageResolutionDays validRatePercent invalidRatePercent
  monthlyTrend { month openedCount openedAmount resolvedCount } } }"""


async def _open_cases(demo: Any, currency: str) -> tuple[int, Decimal]:
    async with system_session(demo) as db:
        count, amount = (
            await db.execute(
                select(func.count(), func.coalesce(func.sum(Dispute.amount), 0))
                .join(Invoice, Invoice.id == Dispute.invoice_id)
                .where(Dispute.status.in_([s.value for s in OPEN_DISPUTE_STATUSES]), Invoice.currency == currency)
            )
        ).one()
    return int(count), Decimal(amount)


async def test_dashboard_totals_match_the_open_cases(api: Api, demo: Any) -> None:
    await api.login("credit@recoup.example")

    board = (await api.graphql(DASHBOARD.replace("{ dashboard {", "{ dashboard { currency")))["data"]["dashboard"]
    count, amount = await _open_cases(demo, board["currency"])

    assert board["openCount"] == count and Decimal(board["openAmount"]) == amount
    for slices in ("openByReason", "openByAge"):
        assert sum(s["count"] for s in board[slices]) == count
        assert sum(Decimal(s["amount"]) for s in board[slices]) == amount
    amounts = [Decimal(s["amount"]) for s in board["openByCustomer"]]
    assert amounts == sorted(amounts, reverse=True)
    assert len(board["monthlyTrend"]) == 12 and sum(m["openedCount"] for m in board["monthlyTrend"]) > 0
    assert board["averageResolutionDays"] is not None and Decimal(board["averageResolutionDays"]) > 0
    assert Decimal(board["validRatePercent"]) + Decimal(board["invalidRatePercent"]) <= 100


async def test_the_dashboard_never_adds_currencies_together(api: Api, factory: Any, demo: Any) -> None:
    await api.login("credit@recoup.example")
    query = "query($c: String) { dashboard(currency: $c) { currency currencies openCount openAmount } }"

    default = (await api.graphql(query))["data"]["dashboard"]
    others = [c for c in default["currencies"] if c != default["currency"]]
    assert others, "the demo book has cases in more than one currency"
    other = (await api.graphql(query, {"c": others[0]}))["data"]["dashboard"]

    assert default["currencies"][0] == default["currency"]
    for board in (default, other):
        assert (board["openCount"], Decimal(board["openAmount"])) == await _open_cases(demo, board["currency"])
