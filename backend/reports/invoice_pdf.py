"""An invoice as a PDF a finance clerk would file: letterhead, parties, terms, lines, totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.domain.accounts.models import CustomerAccount
from backend.domain.invoices.models import Invoice, InvoiceLine
from backend.reports.pdf_layout import RecoupPdf, money


def _unit_price(price: Decimal) -> str:
    """At least cents, more only when the price has them (e.g. 0.0125)."""
    exponent = price.normalize().as_tuple().exponent
    return f"{price:,.2f}" if not isinstance(exponent, int) or exponent >= -2 else f"{price.normalize():,f}"


def invoice_pdf(
    *, seller: str, invoice: Invoice, lines: list[InvoiceLine], account: CustomerAccount, today: date
) -> bytes:
    pdf = RecoupPdf(seller, f"Invoice {invoice.number}")
    pdf.facts(
        [
            ("Bill to", f"{account.name} ({account.number})"),
            ("Invoice number", invoice.number),
            ("PO number", invoice.po_number or "-"),
            ("Issue date", invoice.issue_date.isoformat()),
            ("Terms", f"Net {account.payment_terms_days} days"),
            ("Due date", invoice.due_date.isoformat()),
            ("Currency", invoice.currency),
            ("Printed", today.isoformat()),
        ]
    )
    rows = [
        [
            str(line.line_number),
            line.sku,
            line.description,
            f"{line.quantity.normalize():f}",
            f"{line.unit_price.normalize():,f}",
            f"{line.amount:,.2f}",
        ]
        for line in lines
    ]
    pdf.grid(["#", "SKU", "Description", "Qty", "Unit price", "Amount"], [10, 24, 80, 18, 28, 30], rows, {3, 4, 5})
    currency = invoice.currency
    pdf.totals(
        [
            ("Invoice total", money(invoice.total_amount, currency)),
            ("Paid", money(invoice.paid_amount, currency)),
            ("Credited", money(invoice.credited_amount, currency)),
            ("Written off", money(invoice.written_off_amount, currency)),
            ("Open balance", money(invoice.open_balance, currency)),
        ]
    )
    return pdf.render()
