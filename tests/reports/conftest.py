"""Every report test starts with no snapshot recorded: the books these tests build carry made-up recording times,
which a snapshot taken by an earlier test (the collections run records yesterday) would not have seen."""

from __future__ import annotations

import random
import string
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import delete, exists, or_, select

from backend.db.engine import system_session
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment
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


async def unused_currency(demo: Any, first_letter: str) -> str:
    """A three-letter currency no invoice or payment in this database carries yet, so a test's books in it are its
    own: the test database is shared by the whole run (a random pick alone collides: 20 tests over 676 codes)."""
    async with system_session(demo) as db:
        while True:
            code = first_letter + "".join(random.choices(string.ascii_uppercase, k=2))
            taken = or_(exists().where(Invoice.currency == code), exists().where(Payment.currency == code))
            if not (await db.execute(select(taken))).scalar_one():
                return code
