"""A sample remittance file written next to the demo data, to try Cash → Import with (printed at start).

It pays five open invoices of one demo customer the ways customers do: the exact number; the
number in lower case with a short pay coded X12 04 (damaged); the PO number instead of the
invoice number; and two in one sum with no reference at all, which waits in the exceptions queue
with the pair as its suggestion.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount
from backend.domain.invoices.models import Invoice

HEADER = (
    "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,"
    "adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"
)
CUSTOMER = "Contoso"


def sample_path(data_dir: Path) -> Path:
    return data_dir / "demo-remittance.csv"


async def write_sample_remittance(session: AsyncSession, data_dir: Path, *, today: date) -> Path | None:
    account = (
        await session.execute(select(CustomerAccount).where(CustomerAccount.name.startswith(CUSTOMER)))
    ).scalar_one_or_none()
    if account is None:
        return None
    invoices = list(
        (
            await session.execute(
                select(Invoice)
                .where(
                    Invoice.account_id == account.id,
                    Invoice.disputed_amount == 0,
                    Invoice.open_balance == Invoice.total_amount,
                    Invoice.po_number.is_not(None),
                )
                .order_by(Invoice.issue_date, Invoice.number)
            )
        ).scalars()
    )
    balances = [i.open_balance for i in invoices]
    chosen = [i for i in invoices if balances.count(i.open_balance) == 1]
    if len(chosen) < 5:
        return None
    exact, damaged, by_po = chosen[:3]
    # due nearest the day it arrives: where matching looks for invoices that add up (``MAX_COMBINATION_POOL``)
    lump = sorted(chosen[3:], key=lambda i: (abs((i.due_date - today).days), i.number))[:2]
    short = Decimal("12.50")
    rows = [
        (exact.number, exact.open_balance, Decimal("0.00"), "", "", ""),
        (damaged.number.lower(), damaged.open_balance - short, short, "x12", "04", "2 cases damaged in transit"),
        (by_po.po_number or "", by_po.open_balance, Decimal("0.00"), "", "", ""),
        # two invoices paid in one sum with no reference: the exception a clerk confirms (a combination)
        ("", lump[0].open_balance + lump[1].open_balance, Decimal("0.00"), "", "", ""),
    ]
    total = sum((paid for _, paid, *_ in rows), Decimal("0.00"))
    reference = f"DEMO-CHK-{today:%Y%m%d}"
    text = HEADER + "".join(
        f"{reference},{today.isoformat()},{account.number},{total},{ref},{paid},{adjustment},{scheme},{code},{note}\n"
        for ref, paid, adjustment, scheme, code, note in rows
    )
    path = sample_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
