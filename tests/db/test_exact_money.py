"""Money stays exact through the database on both engines, and bad amounts never get stored (SECURITY.md F27, F30)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from backend.db.engine import system_session
from backend.domain.invoices.models import Invoice

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999999.99"), places=2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(total=amounts)
async def test_amounts_round_trip_exactly(total: Decimal, demo: Any, factory: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account, total=total)
    async with system_session(demo) as db:
        stored = (
            await db.execute(select(Invoice.total_amount, Invoice.open_balance).where(Invoice.id == invoice.id))
        ).one()
    assert stored == (total, total)
    assert str(stored[0]) == str(total)


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e999", "10.001"])
async def test_non_finite_or_three_decimal_amounts_are_refused(bad: str, factory: Any) -> None:
    account = await factory.account()
    with pytest.raises((StatementError, ValueError)):
        await factory.invoice(account, total=Decimal(bad))


async def test_open_balance_must_balance(demo: Any, factory: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    async with system_session(demo) as db:
        row = await db.get(Invoice, invoice.id)
        row.paid_amount = Decimal("40.00")  # open balance left at 100.00: the ledger no longer adds up
        with pytest.raises(IntegrityError):
            await db.commit()


async def test_open_balance_cannot_go_negative(demo: Any, factory: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    async with system_session(demo) as db:
        row = await db.get(Invoice, invoice.id)
        row.paid_amount = Decimal("150.00")
        row.open_balance = Decimal("-50.00")
        with pytest.raises(IntegrityError):
            await db.commit()
