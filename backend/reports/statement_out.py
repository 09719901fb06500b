"""An account statement as PDF and as CSV (the CSV opens in any spreadsheet; amounts stay exact text)."""

from __future__ import annotations

from backend.domain.accounts.models import CustomerAccount
from backend.domain.statements.service import EntryKind, Statement, StatementEntry
from backend.reports.pdf_layout import RecoupPdf, money
from backend.reports.spreadsheet import Cell, csv_text

_KIND_LABELS = {
    "invoice": "Invoice",
    "payment": "Payment",
    "credit": "Credit",
    "write_off": "Write-off",
    "deduction": "Deduction",
}


def statement_pdf(*, seller: str, account: CustomerAccount, statement: Statement) -> bytes:
    pdf = RecoupPdf(seller, f"Statement {statement.period_from.isoformat()} to {statement.period_to.isoformat()}")
    pdf.facts(
        [
            ("Customer", f"{account.name} ({account.number})"),
            ("Currency", account.currency),
            ("Terms", f"Net {account.payment_terms_days} days"),
            ("Credit limit", money(account.credit_limit, account.currency)),
        ]
    )
    pdf.totals([("Opening balance", money(statement.opening_balance, account.currency))], bold_last=False)
    rows = [
        [
            e.on.isoformat(),
            _KIND_LABELS[e.kind.value],
            e.reference,
            _described(e)[:40],
            f"{e.debit:,.2f}" if e.debit else "",
            f"{e.credit:,.2f}" if e.credit else "",
            f"{e.balance:,.2f}",
        ]
        for e in statement.entries
    ]
    pdf.grid(
        ["Date", "Type", "Reference", "Description", "Debit", "Credit", "Balance"],
        [20, 20, 28, 54, 22, 22, 24],
        rows,
        {4, 5, 6},
    )
    pdf.totals([("Closing balance", money(statement.closing_balance, account.currency))])
    return pdf.render()


def statement_csv(*, account: CustomerAccount, statement: Statement) -> str:
    """The statement as CSV (``spreadsheet.csv_text``: every text cell neutralised, amounts as numbers)."""
    header: list[list[Cell]] = [
        ["account", account.number, account.name, account.currency],
        ["period", statement.period_from, statement.period_to],
        ["date", "type", "reference", "description", "debit", "credit", "balance"],
        [statement.period_from, "opening_balance", "", "Opening balance", None, None, statement.opening_balance],
    ]
    entries: list[list[Cell]] = [
        [e.on, e.kind.value, e.reference, _described(e), e.debit or None, e.credit or None, e.balance]
        for e in statement.entries
    ]
    closing: list[Cell] = [
        statement.period_to,
        "closing_balance",
        "",
        "Closing balance",
        None,
        None,
        statement.closing_balance,
    ]
    return csv_text([*header, *entries, closing])


def _described(entry: StatementEntry) -> str:
    """Deductions move no balance, so their amount goes into the description."""
    if entry.kind == EntryKind.DEDUCTION:
        return f"{entry.description}: {entry.amount} kept back"
    return entry.description
