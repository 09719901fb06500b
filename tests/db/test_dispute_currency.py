"""Every case carries its invoice's currency, given by the database whichever way the case is inserted (the ORM,
a bulk insert as cash application makes) and following an invoice whose currency is corrected (migration 0031):
the reports count cases per currency from it."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice


async def test_a_case_takes_its_invoices_currency_and_follows_a_correction(demo: Any, factory: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    by_orm = await factory.dispute(invoice, amount=Decimal("5.00"))
    in_bulk = uuid.uuid4()
    async with system_session(demo) as db:
        await db.execute(
            insert(Dispute),
            [
                {
                    "id": in_bulk,
                    "account_id": account.id,
                    "invoice_id": invoice.id,
                    "reason_code": "SHORTAGE",
                    "origin": "remittance",
                    "status": "new",
                    "amount": Decimal("3.00"),
                    "description": "",
                    "due_on": date.today() + timedelta(days=10),
                }
            ],
        )
        await db.commit()
    async with system_session(demo) as db:
        found = dict(
            (await db.execute(select(Dispute.id, Dispute.currency).where(Dispute.invoice_id == invoice.id))).all()
        )
    assert found == {by_orm.id: "USD", in_bulk: "USD"}

    async with system_session(demo) as db:
        row = await db.get(Invoice, invoice.id)
        assert row is not None
        row.currency = "EUR"  # the ERP corrects the invoice
        await db.commit()
    async with system_session(demo) as db:
        currencies = set((await db.execute(select(Dispute.currency).where(Dispute.invoice_id == invoice.id))).scalars())
    assert currencies == {"EUR"}
