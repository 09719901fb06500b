"""Every report test starts with no snapshot recorded: the books these tests build carry made-up recording times,
which a snapshot taken by an earlier test (the collections run records yesterday) would not have seen."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import delete

from backend.db.engine import system_session
from backend.domain.reports.models import DailyActivity, DailyBalances, DailyTotals, SnapshotDay, SnapshotVersion


async def forget_snapshots(demo: Any) -> None:
    async with system_session(demo) as db:
        for table in (DailyBalances, DailyTotals, DailyActivity, SnapshotDay, SnapshotVersion):
            await db.execute(delete(table))
        await db.commit()


@pytest.fixture(autouse=True)
async def no_snapshots(demo: Any) -> AsyncIterator[None]:
    await forget_snapshots(demo)
    yield
    await forget_snapshots(demo)
