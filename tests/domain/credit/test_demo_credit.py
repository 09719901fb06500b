"""The demo's credit data (backend/demo/credit.py) as the product starts with it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.credit.models import CreditHold


async def test_no_demo_hold_is_placed_after_now(demo: Any) -> None:
    """A demo started before six UTC once placed its holds at six: the history said "released" before "held"."""
    now = utc_now()
    async with system_session(demo) as db:
        holds = (await db.execute(select(CreditHold.placed_at))).scalars().all()
    assert holds, "the demo has an account on hold (Litware Grocers)"
    assert all(placed <= now for placed in holds)
