"""The dashboard's numbers agree with the cases behind them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from backend.db.engine import system_session
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES
from backend.domain.disputes.models import Dispute
from tests.support.api import Api

DASHBOARD = """{ dashboard { openCount openAmount openByReason { key count amount } openByAge { key count amount }
  openByCustomer { key label amount } averageResolutionDays validRatePercent invalidRatePercent
  monthlyTrend { month openedCount openedAmount resolvedCount } } }"""


async def test_dashboard_totals_match_the_open_cases(api: Api, demo: Any) -> None:
    await api.login("credit@recoup.example")
    async with system_session(demo) as db:
        count, amount = (
            await db.execute(
                select(func.count(), func.sum(Dispute.amount)).where(
                    Dispute.status.in_([s.value for s in OPEN_DISPUTE_STATUSES])
                )
            )
        ).one()

    board = (await api.graphql(DASHBOARD))["data"]["dashboard"]

    assert board["openCount"] == count and Decimal(board["openAmount"]) == amount
    for slices in ("openByReason", "openByAge"):
        assert sum(s["count"] for s in board[slices]) == count
        assert sum(Decimal(s["amount"]) for s in board[slices]) == amount
    amounts = [Decimal(s["amount"]) for s in board["openByCustomer"]]
    assert amounts == sorted(amounts, reverse=True)
    assert len(board["monthlyTrend"]) == 12 and sum(m["openedCount"] for m in board["monthlyTrend"]) > 0
    assert board["averageResolutionDays"] is not None and Decimal(board["averageResolutionDays"]) > 0
    assert Decimal(board["validRatePercent"]) + Decimal(board["invalidRatePercent"]) <= 100
