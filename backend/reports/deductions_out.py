"""The Reports page's Deductions and Root causes sections as rows of the receivables export (CSV sections and
XLSX sheets of their own), in the page's words (docs/KPIS.md)."""

from __future__ import annotations

from backend.domain.dashboard.automation import Rate
from backend.domain.reports.deductions import DeductionReport
from backend.domain.reports.root_causes import RootCauseReport
from backend.reports.spreadsheet import Cell

NO_DATA = "no data"
NOT_RECORDED = "not recorded"


def _row(*cells: Cell) -> list[Cell]:
    return list(cells)


def _share(rate: Rate) -> list[Cell]:
    return [rate.done, rate.total, rate.share if rate.share is not None else NO_DATA]


def deduction_rows(report: DeductionReport) -> list[list[Cell]]:
    c = report.currency
    recovery = report.recovery
    rows: list[list[Cell]] = [
        ["Deductions", c, report.start, report.end],
        [],
        ["Recovery", f"Invalid ({c})", "Cases", f"Recovered ({c})", "Rate, 0–1"],
        ["", recovery.invalid.amount, recovery.invalid.count, recovery.recovered,
         recovery.rate if recovery.rate is not None else NO_DATA],
        [],
        ["Written off, by reason", f"By a rule ({c})", "Cases", f"By a person ({c})", "Cases"],
        *(_row(w.label, w.by_rule.amount, w.by_rule.count, w.by_person.amount, w.by_person.count)
          for w in report.written_off),
        [],
        [f"Open at {report.end.isoformat()}, by age", f"Amount ({c})", "Cases"],
        *(_row(f"{b.key} days", b.open.amount, b.open.count) for b in report.open_by_age),
        [],
        [f"New and decided, per {report.flow_unit}", "To", f"New ({c})", "Cases", f"Decided ({c})", "Cases"],
        *(_row(f.start, f.end, f.opened.amount, f.opened.count, f.decided.amount, f.decided.count)
          for f in report.flow),
        [],
        ["Accounts on credit hold at the end", report.accounts_on_hold],
        ["Automation", "Done", "Of", "Share, 0–1"],
        ["Remittance lines matched without a person (every currency)", *_share(report.lines_auto_matched)],
        ["Short pays classified with evidence", *_share(report.short_pays_classified)],
        ["Cases closed by a resolution rule", *_share(report.closed_by_rule)],
    ]  # fmt: skip
    return rows


def root_cause_rows(report: RootCauseReport) -> list[list[Cell]]:
    c = report.currency
    rows: list[list[Cell]] = [
        ["Root causes of the cases decided", c, report.start, report.end],
        [],
        ["Root cause", "Reason claimed", f"Valid ({c})", "Cases", f"Invalid ({c})", "Cases", f"Written off ({c})",
         "Cases"],
    ]  # fmt: skip
    for row in report.rows:
        cause = row.root_cause or NOT_RECORDED
        rows.append([cause, "every reason", *row.valid, *row.invalid, *row.written_off])
        rows += [[cause, r.reason_code, *r.valid, *r.invalid, *r.written_off] for r in row.by_reason]
    causes = sorted({cause for month in report.trend for cause in month.by_root_cause}, key=lambda x: x or "~")
    rows += [[], ["Month", *(f"{cause or NOT_RECORDED} ({c})" for cause in causes)]]
    rows += [
        [month.month, *(month.by_root_cause.get(cause, (None, 0))[0] for cause in causes)] for month in report.trend
    ]
    return rows
