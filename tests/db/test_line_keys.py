"""An order line and a shipment line belong to their order's (shipment's) account, and the database says so
(migration 0036: one composite key to the parent's id and account): a line written with another customer's account
— by a bug, a hand-made import, a bad SQL fix — is refused, so the tenant scope can trust the line's own account."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from backend.db.engine import system_session
from backend.db.ids import new_id
from backend.db.types import utc_now
from backend.domain.orders.models import OrderLine, SalesOrder, Shipment, ShipmentLine
from tests.support.factories import unique


async def test_a_line_with_another_account_than_its_order_or_shipment_is_refused(demo: Any, factory: Any) -> None:
    own, other = await factory.account(), await factory.account()
    now, order_id, shipment_id, line_id = utc_now(), new_id(), new_id(), new_id()
    async with system_session(demo) as db:
        db.add(
            SalesOrder(
                id=order_id, account_id=own.id, number=unique("KO-"), revision=1, order_date=date(2026, 11, 2),
                currency="USD", total_amount=Decimal("10.00"), credit_decision="approved", status="approved",
                status_since=now, updated_at=now,
            )
        )  # fmt: skip
        db.add(
            Shipment(id=shipment_id, account_id=own.id, number=unique("KD-"), order_id=order_id,
                     shipped_on=date(2026, 11, 3), updated_at=now)
        )  # fmt: skip
        await db.flush()
        line = dict(order_id=order_id, line_number=1, sku="K-1", description="", quantity=Decimal("1.000"),
                    unit_price=Decimal("10.0000"), discount_percent=Decimal("0.000"), net_price=Decimal("10.0000"),
                    amount=Decimal("10.00"), invoiced_quantity=Decimal("0.000"), invoiced_amount=Decimal("0.00"),
                    paid_amount=Decimal("0.00"), reconciled=False)  # fmt: skip
        await db.execute(insert(OrderLine).values(id=line_id, account_id=own.id, **line))
        await db.commit()
    async with system_session(demo) as db:
        with pytest.raises(IntegrityError):
            await db.execute(insert(OrderLine).values(id=new_id(), account_id=other.id, **line | {"line_number": 2}))
            await db.flush()
    async with system_session(demo) as db:
        shipped = dict(shipment_id=shipment_id, order_line_id=line_id, quantity_shipped=Decimal("1.000"))
        with pytest.raises(IntegrityError):
            await db.execute(insert(ShipmentLine).values(id=new_id(), account_id=other.id, **shipped))
            await db.flush()
    async with system_session(demo) as db:  # the line's own account is what the key wants
        await db.execute(insert(ShipmentLine).values(id=new_id(), account_id=own.id, **shipped))
        await db.commit()
