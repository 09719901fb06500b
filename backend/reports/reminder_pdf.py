"""A payment reminder (dunning letter) as a PDF: the items due with their age and the total; disputed items
listed apart as under review, not due now, and not in the total."""

from __future__ import annotations

from datetime import date
from typing import Any

from backend.domain.accounts.models import CustomerAccount
from backend.domain.credit.models import DunningLetter
from backend.reports.pdf_layout import RecoupPdf, money


def reminder_pdf(
    *, seller: str, letter: DunningLetter, items: list[Any], account: CustomerAccount, today: date
) -> bytes:
    """``items`` are (letter item, invoice number, due date) as ``backend.domain.credit.dunning.letter_items``
    gives them."""
    pdf = RecoupPdf(seller, f"{letter.level_name} {letter.number}")
    pdf.facts(
        [
            ("To", f"{account.name} ({account.number})"),
            ("Reminder", letter.number),
            ("Sent", letter.sent_on.isoformat()),
            ("Currency", letter.currency),
            ("Printed", today.isoformat()),
        ]
    )
    due = [(item, number, due_date) for item, number, due_date in items if not item.under_review]
    review = [(item, number, due_date) for item, number, due_date in items if item.under_review]
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, "Due now", new_x="LMARGIN", new_y="NEXT")
    pdf.grid(
        ["Invoice", "Due date", "Days overdue", "Amount due"],
        [60, 40, 40, 50],
        [[n, d.isoformat(), str(max(0, i.days_overdue)), f"{i.amount:,.2f}"] for i, n, d in due],
        {2, 3},
    )
    pdf.totals([("Amount due now", money(letter.amount_due, letter.currency))])
    if review:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 8, "Under review, not due now", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(
            0, 5, "You disputed these amounts. They are not part of the amount due; we will tell you the outcome."
        )
        pdf.grid(
            ["Invoice", "Due date", "Days since due", "Disputed"],
            [60, 40, 40, 50],
            [[n, d.isoformat(), str(max(0, i.days_overdue)), f"{i.amount:,.2f}"] for i, n, d in review],
            {2, 3},
        )
    return pdf.render()
