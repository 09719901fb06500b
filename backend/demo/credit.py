"""The demo's credit and collections: risk classes, review dates, a collector for two of the long-standing
customers, and Litware Grocers — a small, young account with one invoice 70 days late (on hold), one 15 days
late and one not yet due, to follow through a reminder, a dispute, a promise and the cash that keeps it.
Every account is assessed, so positions, holds and the worklist are there when the product starts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.ids import new_id
from backend.db.types import utc_now
from backend.domain.accounts.models import CustomerAccount, Organisation, User
from backend.domain.credit.assessment import assess
from backend.domain.credit.models import CreditPosition
from backend.domain.invoices.models import Invoice, InvoiceDelivery, InvoiceLine

RISK = {"C-1001": "medium", "C-1002": "low", "C-1003": "high", "C-1004": "medium"}
COLLECTED_BY_SAM = ("C-1001", "C-1003", "C-1004")
LITWARE_LOGIN = "ap@litware.example"
# (number, days since issue, days to pay, lines: (sku, description, quantity, unit price))
LITWARE_INVOICES = [
    (
        "LW-1001",
        100,
        30,
        [("LW-TOM-10", "Tomatoes, case of 10 kg", 10, "60.00"), ("LW-OIL-5", "Olive oil, 5 l", 20, "30.00")],
    ),
    ("LW-1002", 45, 30, [("LW-PAS-12", "Pasta, case of 12", 25, "20.00")]),
    ("LW-1003", 20, 30, [("LW-RIC-10", "Rice, 10 kg", 40, "20.00")]),
]


async def _litware(session: AsyncSession, *, organisation_id: Any, password_hash: str, today: date) -> None:
    account = CustomerAccount(organisation_id=organisation_id, number="C-1004", name="Litware Grocers",
                              currency="USD", payment_terms_days=30, credit_limit=Decimal("5000.00"))  # fmt: skip
    session.add(account)
    await session.flush()
    session.add(User(email=LITWARE_LOGIN, full_name="Lena Ward", password_hash=password_hash,
                     role="customer_admin", account_id=account.id))  # fmt: skip
    for number, age, terms, lines in LITWARE_INVOICES:
        issued = today - timedelta(days=age)
        total = sum((Decimal(price) * quantity for _, _, quantity, price in lines), Decimal("0.00"))
        invoice = Invoice(account_id=account.id, number=number, po_number=f"PO-{number}", issue_date=issued,
                          due_date=issued + timedelta(days=terms), currency="USD", total_amount=total,
                          open_balance=total, created_at=datetime.combine(issued, time(9), tzinfo=UTC))  # fmt: skip
        session.add(invoice)
        await session.flush()
        for line_number, (sku, description, quantity, price) in enumerate(lines, start=1):
            session.add(
                InvoiceLine(
                    account_id=account.id,
                    invoice_id=invoice.id,
                    line_number=line_number,
                    sku=sku,
                    description=description,
                    quantity=Decimal(quantity),
                    unit_price=Decimal(price),
                    amount=Decimal(price) * quantity,
                )
            )
    await session.flush()


async def _deliveries(session: AsyncSession) -> None:
    """Every demo invoice was e-mailed to its account's administrator on the day it was issued (records only: the
    e-mails are history, nothing is sent at start)."""
    admins = dict(
        (await session.execute(select(User.account_id, User.email).where(User.role == "customer_admin"))).all()
    )
    invoices = (await session.execute(select(Invoice.id, Invoice.account_id, Invoice.issue_date))).all()
    await session.execute(
        insert(InvoiceDelivery),
        [
            {
                "id": new_id(),
                "account_id": account_id,
                "invoice_id": invoice_id,
                "queued_at": datetime.combine(issued, time(9), tzinfo=UTC),
                "recipients": admins.get(account_id, ""),
            }
            for invoice_id, account_id, issued in invoices
        ],
    )


async def seed_credit(session: AsyncSession, *, today: date, password_hash: str) -> None:
    organisation_id = (await session.execute(select(Organisation.id).limit(1))).scalar_one()
    await _litware(session, organisation_id=organisation_id, password_hash=password_hash, today=today)
    accounts = {a.number: a for a in (await session.execute(select(CustomerAccount))).scalars()}
    for number, risk in RISK.items():
        account = accounts[number]
        account.risk_class = risk
        account.credit_review_on = today + timedelta(days=90)
    await session.execute(
        update(User).where(User.role == "customer_admin").values(receives_invoices=True, receives_reminders=True)
    )
    collector = (await session.execute(select(User.id).where(User.email == "collector@recoup.example"))).scalar_one()
    await session.execute(
        update(CreditPosition)
        .where(CreditPosition.account_id.in_([accounts[n].id for n in COLLECTED_BY_SAM]))
        .values(collector_id=collector, next_action_on=today)
    )
    await session.flush()
    await _deliveries(session)
    # Assessed as of six in the morning of the demo's day, or of now when that is still ahead (a demo started
    # before six UTC): a hold placed in the future would read as released before it was placed.
    now = min(datetime.combine(today, time(6), tzinfo=UTC), utc_now())
    await assess(session, [a.id for a in accounts.values()], today=today, now=now)
