"""A credit memo as a PDF, like its invoice: letterhead, parties, what it credits and why."""

from __future__ import annotations

from datetime import date

from backend.domain.accounts.models import CustomerAccount
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from backend.domain.resolution.models import CreditMemo
from backend.reports.pdf_layout import RecoupPdf, money


def credit_memo_pdf(
    *,
    seller: str,
    memo: CreditMemo,
    invoice: Invoice,
    dispute: Dispute | None,
    account: CustomerAccount,
    today: date,
) -> bytes:
    pdf = RecoupPdf(seller, f"Credit memo {memo.number}")
    pdf.facts(
        [
            ("Credit to", f"{account.name} ({account.number})"),
            ("Credit memo", memo.number),
            ("Issued", memo.issued_at.date().isoformat()),
            ("Credits invoice", invoice.number),
            ("For dispute", (dispute.reference or "-") if dispute else "-"),
            ("Currency", invoice.currency),
            ("Status", "Reversed " + memo.reversed_at.date().isoformat() if memo.reversed_at else "In force"),
            ("Printed", today.isoformat()),
        ]
    )
    rows = [[memo.reason or "Credit on the invoice", f"{memo.amount:,.2f}"]]
    pdf.grid(["What is credited", "Amount"], [150, 40], rows, {1})
    currency = invoice.currency
    totals = [("Credited", money(memo.amount, currency))]
    if dispute is not None:
        totals.insert(0, ("Claimed", money(dispute.amount, currency)))
    totals.append(("Still due on the invoice", money(invoice.open_balance, currency)))
    pdf.totals(totals)
    return pdf.render()
