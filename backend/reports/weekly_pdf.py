"""The weekly digest's PDF: per currency, every measure with its value and definition, then the figures."""

from __future__ import annotations

from datetime import date, timedelta

from backend.domain.reports.receivables import ReceivablesReport
from backend.reports.pdf_layout import RecoupPdf, latin1, money
from backend.reports.receivables_out import FIGURES, MEASURES, NO_DATA


def weekly_pdf(*, seller: str, week_start: date, reports: list[ReceivablesReport], today: date) -> bytes:
    pdf = RecoupPdf(seller, f"Weekly report, week of {week_start.isoformat()}")
    pdf.facts(
        [
            ("Week", f"{week_start.isoformat()} to {(week_start + timedelta(days=6)).isoformat()}"),
            ("Printed", today.isoformat()),
        ]
    )
    if not reports:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 8, "No invoices yet.", new_x="LMARGIN", new_y="NEXT")
    for report in reports:
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 9, latin1(f"{report.currency}"), new_x="LMARGIN", new_y="NEXT")
        rows = []
        for field, label, definition in MEASURES:
            value = getattr(report, field)
            rows.append([label, str(value) if value is not None else NO_DATA, definition[:70]])
        pdf.grid(["Measure", "Value", "Definition"], [62, 22, 106], rows, {1})
        amounts = [(label, getattr(report, field)) for field, label in FIGURES]
        pdf.grid(
            ["Figure", "Amount or count"],
            [110, 80],
            [[label, money(v, report.currency) if not isinstance(v, int) else str(v)] for label, v in amounts],
            {1},
        )
    return pdf.render()
