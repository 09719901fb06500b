"""The receivables report as CSV and XLSX: every measure with its value and definition, then the figures, the
Deductions and the Root causes sections; the workbook has each section and the definitions on sheets of their own
(docs/KPIS.md says the same)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from backend.domain.reports.deductions import DeductionReport
from backend.domain.reports.receivables import ReceivablesReport
from backend.domain.reports.root_causes import RootCauseReport
from backend.reports.deductions_out import deduction_rows, root_cause_rows
from backend.reports.spreadsheet import Cell, csv_text, xlsx_bytes

MEASURES: tuple[tuple[str, str, str], ...] = (
    # (field, label, definition): the console's Reports page shows the same words
    ("dso_simple", "DSO (simple), days", "Receivables ÷ credit sales × days."),
    ("dso_count_back", "DSO (count-back), days",
     "Receivables spent on the latest months' sales, counting each month's days; the month that exhausts them "
     "in proportion."),
    ("best_possible_dso", "Best possible DSO, days", "Receivables not yet due ÷ credit sales × days."),
    ("average_days_delinquent", "Average days delinquent", "DSO (simple) − best possible DSO."),
    ("collection_effectiveness", "Collection effectiveness (CEI), 0–1",
     "(Receivables at the start + credit sales − at the end) ÷ (at the start + credit sales − current at the end)."),
    ("days_deduction_outstanding", "Days deduction outstanding", "Open deductions ÷ (credit sales ÷ days)."),
    ("deduction_rate", "Deduction rate, 0–1", "Deductions taken in the period ÷ credit sales."),
    ("valid_share", "Valid share, 0–1", "Money decided valid (in full or part) ÷ money decided valid or invalid."),
    ("average_days_to_pay", "Average days to pay",
     "Cash received in the period: days from each invoice's issue to its payment, weighted by the cash."),
    ("within_sla", "Decided within the reason's SLA, 0–1",
     "Cases decided in the period within their reason's SLA days ÷ cases decided in the period."),
    ("short_payment_share", "Short payments, 0–1",
     "Payments received in the period whose remittance left a short pay ÷ payments received."),
    ("promises_kept_share", "Promises kept, 0–1", "Promises to pay kept ÷ promises whose day came in the period."),
    ("invoicing_accuracy", "Invoicing accuracy, 0–1",
     "Invoices issued in the period with no case found valid and no credit memo ÷ invoices issued."),
)  # fmt: skip
FIGURES: tuple[tuple[str, str], ...] = (
    ("credit_sales", "Credit sales"),
    ("receivables_at_start", "Receivables at the start"),
    ("receivables", "Receivables at the end"),
    ("current_receivables", "Not yet due at the end"),
    ("open_deductions", "Open deductions at the end"),
    ("deductions_taken", "Deductions taken"),
    ("deductions_taken_count", "Deductions taken, count"),
    ("decided_valid", "Decided valid"),
    ("decided_valid_count", "Decided valid, count"),
    ("decided_invalid", "Decided invalid"),
    ("decided_invalid_count", "Decided invalid, count"),
    ("written_off", "Written off"),
    ("written_off_count", "Written off, count"),
    ("payments_received", "Payments received, count"),
    ("short_payments", "Short payments, count"),
    ("short_amount", "Held back by short payments"),
    ("promises_settled", "Promises settled, count"),
    ("promises_kept", "Promises kept, count"),
)
NO_DATA = "no data"
SECTION_DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("Recovery rate", "Money recovered ÷ money of the cases decided invalid in the period; recovered: cash applied "
     "to the invoice after the decision, from payments received by the period's end, up to the money decided "
     "invalid on it."),
    ("Written off by a rule", "A resolution rule (automation) made the case's closing change; else by a person."),
    ("Open by age", "Cases open at the period's end, by whole days from the day opened to the period's last day."),
    ("Root cause", "What really went wrong, chosen by whoever decided the case; 'not recorded': decided by a rule "
     "or before root causes were recorded."),
)  # fmt: skip


NARROWED = (
    "The reason, root cause and staff filters narrow the case figures (deductions taken, decisions, resolution, "
    "recovery, write-offs, ages); receivables, sales, DSO, CEI, DDO, cash and promises are the whole books."
)


def _rows(report: ReceivablesReport, scope: Sequence[tuple[str, str]]) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        ["Receivables and deductions", report.currency],
        ["From", report.start],
        ["To (as of)", report.end],
        ["Days", report.days],
    ]
    rows += [[label, value] for label, value in scope]
    rows += [
        [],
        ["Measure", "Value", "Definition"],
    ]
    for field, label, definition in MEASURES:
        value: Decimal | None = getattr(report, field)
        rows.append([label, value if value is not None else NO_DATA, definition])
    middle = report.resolution_days
    rows.append(["Resolution time, median days", middle[0] if middle else NO_DATA, "Opening to decision."])
    rows.append(["Resolution time, 90th percentile days", middle[1] if middle else NO_DATA, "Opening to decision."])
    rows += [[], ["Figure", f"Amount ({report.currency}) or count"]]
    rows += [[label, getattr(report, field)] for field, label in FIGURES]
    rows += [[], ["Decided in the period, by reason", "Valid", "count", "Invalid", "count", "Written off", "count"]]
    rows += [[r.reason_code, *r.valid, *r.invalid, *r.written_off] for r in report.decided_by_reason]
    return rows


def report_csv(
    report: ReceivablesReport,
    deductions: DeductionReport,
    root_causes: RootCauseReport,
    scope: Sequence[tuple[str, str]] = (),
) -> str:
    """``scope``: the customer and filters the report was asked for, (label, value), shown under the period."""
    return csv_text([*_rows(report, scope), [], *deduction_rows(deductions), [], *root_cause_rows(root_causes)])


def report_xlsx(
    report: ReceivablesReport,
    deductions: DeductionReport,
    root_causes: RootCauseReport,
    scope: Sequence[tuple[str, str]] = (),
) -> bytes:
    definitions: list[list[Cell]] = [["Measure", "Definition"]]
    definitions += [[label, text] for _, label, text in MEASURES]
    definitions += [[label, text] for label, text in SECTION_DEFINITIONS]
    definitions.append(["Every measure", "One currency, one period (both ends included), as of its last day."])
    definitions.append(["Filters", NARROWED])
    return xlsx_bytes(
        [
            ("Report", _rows(report, scope)),
            ("Deductions", deduction_rows(deductions)),
            ("Root causes", root_cause_rows(root_causes)),
            ("Definitions", definitions),
        ]
    )
