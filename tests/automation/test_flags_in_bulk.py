"""Flags for an import's deductions are computed for a batch at once: each case gets its own, duplicates within
the batch included."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.automation.actor import acting_as_system
from backend.domain.automation.enums import FlagCode
from backend.domain.automation.flags import NewCase, evaluate_many
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from tests.automation.support import create_deduction


async def test_a_batch_of_cases_gets_each_its_own_flags(factory: Any, demo: Any) -> None:
    account = await factory.account("Bulk Flags Co")
    plain = await factory.invoice(account, total=Decimal("100.00"))
    doubled = await factory.invoice(account, total=Decimal("100.00"))
    evidenced = await factory.invoice(account, total=Decimal("100.00"))
    discounted = await factory.invoice(account, total=Decimal("100.00"))
    await factory.document(account.id, invoice=evidenced)
    ids = [
        await create_deduction(demo, plain, "10.00", claimed_amount="30.00"),
        await create_deduction(demo, doubled, "5.00"),
        await create_deduction(demo, doubled, "5.00"),
        await create_deduction(demo, evidenced, "7.00", reason="PROMOTION"),
        await create_deduction(demo, discounted, "9.00", reason="EARLY_PAY_DISCOUNT", paid_on=date.today()),
    ]
    claimed = {ids[0]: Decimal("30.00")}
    paid_on = date.today() + timedelta(days=3)

    async with system_session(demo) as db, acting_as_system(db):
        cases = {d.id: d for d in (await db.execute(select(Dispute).where(Dispute.id.in_(ids)))).scalars()}
        invoices = {
            i.id: i for i in (await db.execute(select(Invoice).where(Invoice.account_id == account.id))).scalars()
        }
        in_bulk = await evaluate_many(
            db,
            [NewCase(cases[i], invoices[cases[i].invoice_id], paid_on, claimed.get(i)) for i in ids],
        )

    codes = [sorted(c.value for c in flags) for flags in in_bulk]
    assert codes[0] == ["exceeds_invoice", "no_evidence"]
    assert codes[1] == codes[2] == ["duplicate_claim", "no_evidence"]
    assert "Already claimed: case for 5.00" in in_bulk[1][FlagCode.DUPLICATE_CLAIM]
    assert "no_evidence" not in codes[3] and "promotion_outside_period" in codes[3]
    assert "discount_after_due_date" in codes[4]
