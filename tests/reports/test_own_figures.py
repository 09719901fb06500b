"""A customer sees their own average days to pay on their account, and only their own."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from backend.db.engine import system_session
from backend.domain.payments.models import Payment, PaymentAllocation
from tests.support.api import Api

OWN = "{ viewer { account { number averageDaysToPay } } }"


async def _paid_after(demo: Any, factory: Any, account: Any, days: int, amount: str) -> None:
    issued = date.today() - timedelta(days=60)
    invoice = await factory.invoice(account, total=Decimal(amount), issue=issued)
    async with system_session(demo) as db:
        payment = Payment(account_id=account.id, reference=f"P-{uuid.uuid4().hex[:8]}", method="wire",
                          received_on=issued + timedelta(days=days), currency="USD", amount=Decimal(amount),
                          unapplied_amount=Decimal("0.00"))  # fmt: skip
        db.add(payment)
        await db.flush()
        db.add(PaymentAllocation(account_id=account.id, payment_id=payment.id, invoice_id=invoice.id,
                                 amount=Decimal(amount), created_at=datetime.now(UTC)))  # fmt: skip
        await db.commit()


async def test_a_customer_reads_their_own_average_days_to_pay(api: Api, factory: Any, demo: Any) -> None:
    account, other = await factory.account(), await factory.account()
    # 300.00 paid after 10 days and 100.00 after 30: (300 × 10 + 100 × 30) / 400 = 15.0 days
    await _paid_after(demo, factory, account, 10, "300.00")
    await _paid_after(demo, factory, account, 30, "100.00")
    await _paid_after(demo, factory, other, 50, "999.00")
    user = await factory.user("customer_user", account)
    await api.login(user.email, "correct horse battery")

    own = (await api.graphql(OWN))["data"]["viewer"]["account"]

    assert (own["number"], own["averageDaysToPay"]) == (account.number, "15.0")

    newcomer = await factory.user("customer_user", await factory.account())
    await api.login(newcomer.email, "correct horse battery")
    assert (await api.graphql(OWN))["data"]["viewer"]["account"]["averageDaysToPay"] is None
