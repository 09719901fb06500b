"""Invoice PDF, statement PDF/CSV and report XLSX/CSV downloads, within the signed-in user's scope."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from litestar import Request, Response, get
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount, Organisation, User
from backend.domain.auth.service import principal_for
from backend.domain.disputes.enums import RootCause
from backend.domain.disputes.models import Dispute, ReasonCode
from backend.domain.errors import InvalidInput
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.service import get_invoice, lines_by_invoice
from backend.domain.reports.case_filters import CaseFilters
from backend.domain.reports.deductions import DeductionFilters, deduction_report
from backend.domain.reports.receivables import receivables_report
from backend.domain.reports.root_causes import root_cause_report
from backend.domain.resolution.models import CreditMemo
from backend.domain.statements.service import account_statement
from backend.reports.attachments import render_attachment
from backend.reports.credit_memo_pdf import credit_memo_pdf
from backend.reports.invoice_pdf import invoice_pdf
from backend.reports.receivables_out import NARROWED, report_csv, report_xlsx
from backend.reports.statement_out import statement_csv, statement_pdf
from backend.web.identity import acting_user
from backend.web.problems import problem
from documents.disposition import attachment


def _download(body: bytes | str, media_type: str, filename: str) -> Response[Any]:
    return Response(body, media_type=media_type, headers={"content-disposition": attachment(filename)})


@get("/api/invoices/{invoice_id:uuid}/pdf")
async def invoice_as_pdf(request: Request[Any, Any, Any], db: AsyncSession, invoice_id: uuid.UUID) -> Response[Any]:
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    today = date.today()
    row = await get_invoice(db, invoice_id=invoice_id, today=today)
    if row is None:
        return problem(404, "not_found", "Invoice not found.")
    (lines,) = await lines_by_invoice(db, [invoice_id])
    account = (
        await db.execute(select(CustomerAccount).where(CustomerAccount.id == row.invoice.account_id))
    ).scalar_one()
    seller = (await db.execute(select(Organisation.name).limit(1))).scalar_one()
    pdf = invoice_pdf(seller=seller, invoice=row.invoice, lines=lines, account=account, today=today)
    return _download(pdf, "application/pdf", f"{row.invoice.number}.pdf")


@get("/api/credit-memos/{memo_id:uuid}/pdf")
async def credit_memo_as_pdf(request: Request[Any, Any, Any], db: AsyncSession, memo_id: uuid.UUID) -> Response[Any]:
    """A credit memo as a PDF, for its customer and staff (another account's memo is not found)."""
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    memo = (await db.execute(select(CreditMemo).where(CreditMemo.id == memo_id))).scalar_one_or_none()
    if memo is None:
        return problem(404, "not_found", "Credit memo not found.")
    invoice = (await db.execute(select(Invoice).where(Invoice.id == memo.invoice_id))).scalar_one()
    dispute = None
    if memo.dispute_id is not None:
        dispute = (await db.execute(select(Dispute).where(Dispute.id == memo.dispute_id))).scalar_one_or_none()
    account = (await db.execute(select(CustomerAccount).where(CustomerAccount.id == memo.account_id))).scalar_one()
    seller = (await db.execute(select(Organisation.name).limit(1))).scalar_one()
    pdf = credit_memo_pdf(
        seller=seller, memo=memo, invoice=invoice, dispute=dispute, account=account, today=date.today()
    )
    return _download(pdf, "application/pdf", f"{memo.number}.pdf")


@get("/api/reminders/{letter_id:uuid}/pdf")
async def reminder_as_pdf(request: Request[Any, Any, Any], db: AsyncSession, letter_id: uuid.UUID) -> Response[Any]:
    """A payment reminder as a PDF, for its customer and staff (another account's reminder is not found)."""
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    rendered = await render_attachment(db, "dunning_letter", letter_id)
    if rendered is None:
        return problem(404, "not_found", "Reminder not found.")
    filename, pdf = rendered
    return _download(pdf, "application/pdf", filename)


@get("/api/statement")
async def statement_download(
    request: Request[Any, Any, Any],
    db: AsyncSession,
    period_from: date,
    period_to: date,
    format: str = "pdf",
    account_id: uuid.UUID | None = None,
) -> Response[Any]:
    """``?period_from=&period_to=&format=pdf|csv``; staff add ``account_id``, customers always get their own."""
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    if format not in {"pdf", "csv"}:
        return problem(400, "invalid_request", "Choose format=pdf or format=csv.")
    principal = principal_for(user)
    target = principal.account_id if not principal.is_staff else account_id
    if target is None:
        return problem(400, "invalid_request", "Choose the customer account (account_id).")
    account = (await db.execute(select(CustomerAccount).where(CustomerAccount.id == target))).scalar_one_or_none()
    if account is None:
        return problem(404, "not_found", "Account not found.")
    try:
        statement = await account_statement(db, account_id=account.id, period_from=period_from, period_to=period_to)
    except InvalidInput as error:
        return problem(400, error.code, error.message)
    seller = (await db.execute(select(Organisation.name).limit(1))).scalar_one()
    name = f"statement-{account.number}-{period_from.isoformat()}-{period_to.isoformat()}"
    if format == "csv":
        return _download(statement_csv(account=account, statement=statement), "text/csv", f"{name}.csv")
    return _download(
        statement_pdf(seller=seller, account=account, statement=statement), "application/pdf", f"{name}.pdf"
    )


@get("/api/reports/receivables")
async def receivables_download(
    request: Request[Any, Any, Any],
    db: AsyncSession,
    currency: str,
    start: date,
    end: date,
    format: str = "xlsx",
    customer: str = "",
    reason: str = "",
    root_cause: str = "",
    assignee: str = "",
) -> Response[Any]:
    """``?currency=&start=&end=&format=xlsx|csv[&customer=<account number>][&reason=<code>][&root_cause=<root cause>]
    [&assignee=<staff id>]``: the receivables report (staff), the case figures narrowed as on the page."""
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    if not principal_for(user).is_staff:
        return problem(403, "forbidden", "Reports are for staff.")
    if format not in {"xlsx", "csv"}:
        return problem(400, "invalid_request", "Choose format=xlsx or format=csv.")
    if end < start or (end - start).days >= 3 * 366:
        return problem(400, "invalid_request", "Choose a period that ends after it starts, of at most three years.")
    code = currency.strip().upper()[:3]
    end = min(end, max(start, date.today()))
    account_id = None
    if customer.strip():
        account_id = await db.scalar(select(CustomerAccount.id).where(CustomerAccount.number == customer.strip()[:64]))
        if account_id is None:
            return problem(404, "not_found", "No customer has that number.")
    if root_cause and root_cause not in {c.value for c in RootCause}:
        return problem(400, "invalid_request", "That root cause is not one Recoup knows.")
    try:
        staff = uuid.UUID(assignee) if assignee else None
    except ValueError:
        return problem(400, "invalid_request", "That staff member's id is not valid.")
    cases = CaseFilters(reason.strip()[:32] or None, root_cause or None, staff)
    report = await receivables_report(db, currency=code, start=start, end=end, account_id=account_id, cases=cases)
    deductions = await deduction_report(
        db, filters=DeductionFilters(currency=code, account_id=account_id, cases=cases), start=start, end=end
    )
    root_causes = await root_cause_report(db, currency=code, start=start, end=end, account_id=account_id, cases=cases)
    scope = await _report_scope(db, customer.strip() if account_id else "", cases)
    who = f"{customer.strip()}-" if account_id is not None else ""
    name = f"receivables-{who}{code}-{start.isoformat()}-{end.isoformat()}.{format}"
    if format == "csv":
        return _download(report_csv(report, deductions, root_causes, scope), "text/csv; charset=utf-8", name)
    return _download(
        report_xlsx(report, deductions, root_causes, scope),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name,
    )


async def _report_scope(db: AsyncSession, customer: str, cases: CaseFilters) -> list[tuple[str, str]]:
    """The customer and case filters a downloaded report was asked for, as the file shows them."""
    scope = [("Customer", customer)] if customer else []
    if cases.reason_code:
        label = await db.scalar(select(ReasonCode.label).where(ReasonCode.code == cases.reason_code))
        scope.append(("Reason filter", f"{cases.reason_code} ({label})" if label else cases.reason_code))
    if cases.root_cause:
        scope.append(("Root cause filter", cases.root_cause.replace("_", " ")))
    if cases.assignee_id:
        name = await db.scalar(select(User.full_name).where(User.id == cases.assignee_id))
        scope.append(("Staff member filter", name or str(cases.assignee_id)))
    if cases.narrowed:
        scope.append(("Filters", NARROWED))
    return scope
