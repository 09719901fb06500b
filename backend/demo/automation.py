"""Demo automation: two resolution rules, two promotions, and the flags the open demo cases deserve."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount
from backend.domain.automation.flags import evaluate, store_flags
from backend.domain.automation.models import Promotion, ResolutionRule
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice


async def seed_automation(session: AsyncSession, *, today: date) -> None:
    """Rules and promotions as an admin would set them, then flags on every open demo case (no rule acts on them).

    The write-off rule is Fabrikam's only, so cases filed for the other demo customers (and
    by the browser tests) stay with a person; the POD rule approves any customer's shortage
    once a proof of delivery that records it is linked (the demo PODs are read after start).
    """
    now = datetime.combine(today, time(8), tzinfo=UTC)
    accounts = {a.number: a for a in (await session.execute(select(CustomerAccount))).scalars()}
    fabrikam, northwind = accounts.get("C-1003"), accounts.get("C-1001")
    session.add_all(
        [
            ResolutionRule(
                priority=10,
                action="write_off",
                account_id=fabrikam.id if fabrikam else None,
                max_amount=Decimal("25.00"),
                active=True,
                created_at=now,
            ),
            ResolutionRule(
                priority=20,
                action="approve",
                reason_code="SHORTAGE",
                max_amount=Decimal("5000.00"),
                condition="pod_confirms_shortage",
                active=True,
                created_at=now,
            ),
            Promotion(
                account_id=northwind.id if northwind else None,
                code="NW-SUMMER",
                name="Northwind summer display allowance",
                starts_on=today - timedelta(days=150),
                ends_on=today - timedelta(days=60),
                active=True,
                created_at=now,
            ),
            Promotion(
                account_id=None,
                code="ALL-SPRING",
                name="Spring volume promotion, every customer",
                starts_on=today - timedelta(days=400),
                ends_on=today - timedelta(days=310),
                active=True,
                created_at=now,
            ),
        ]
    )
    await session.flush()
    cases = (
        await session.execute(
            select(Dispute, Invoice)
            .join(Invoice, Invoice.id == Dispute.invoice_id)
            .where(Dispute.status.in_([s.value for s in OPEN_DISPUTE_STATUSES]))
            .order_by(Dispute.created_at)
        )
    ).all()
    for dispute, invoice in cases:
        found = await evaluate(session, dispute, invoice, paid_on=dispute.created_at.date(), claimed_amount=None)
        await store_flags(session, dispute, found, now=now)
