"""The PDFs e-mails carry, rendered from the record when the e-mail leaves (the outbox keeps only a reference):
an invoice, a payment reminder, the weekly report. Within the session's scope: a customer's session renders only their own."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount, Organisation
from backend.domain.credit.dunning import letter_items
from backend.domain.credit.models import DunningLetter
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.service import lines_by_invoice
from backend.domain.reports.models import ReportDigest
from backend.domain.reports.weekly import ATTACHMENT_KIND, weekly_reports
from backend.reports.invoice_pdf import invoice_pdf
from backend.reports.reminder_pdf import reminder_pdf
from backend.reports.weekly_pdf import weekly_pdf


async def render_attachment(session: AsyncSession, kind: str, record_id: uuid.UUID) -> tuple[str, bytes] | None:
    """(file name, PDF bytes) of an ``invoice``, ``dunning_letter`` or ``report_digest``, or None when it is not
    found."""
    seller = (await session.execute(select(Organisation.name).limit(1))).scalar_one_or_none() or "Recoup"
    today = date.today()
    if kind == "invoice":
        invoice = (await session.execute(select(Invoice).where(Invoice.id == record_id))).scalar_one_or_none()
        if invoice is None:
            return None
        (lines,) = await lines_by_invoice(session, [invoice.id])
        account = (
            await session.execute(select(CustomerAccount).where(CustomerAccount.id == invoice.account_id))
        ).scalar_one()
        return f"{invoice.number}.pdf", invoice_pdf(
            seller=seller, invoice=invoice, lines=lines, account=account, today=today
        )
    if kind == "dunning_letter":
        letter = (
            await session.execute(select(DunningLetter).where(DunningLetter.id == record_id))
        ).scalar_one_or_none()
        if letter is None:
            return None
        (items,) = await letter_items(session, [letter.id])
        account = (
            await session.execute(select(CustomerAccount).where(CustomerAccount.id == letter.account_id))
        ).scalar_one()
        return f"{letter.number}.pdf", reminder_pdf(
            seller=seller, letter=letter, items=items, account=account, today=today
        )
    if kind == ATTACHMENT_KIND:
        digest = (await session.execute(select(ReportDigest).where(ReportDigest.id == record_id))).scalar_one_or_none()
        if digest is None:
            return None
        reports = await weekly_reports(session, digest.week_start)
        return f"recoup-week-{digest.week_start.isoformat()}.pdf", weekly_pdf(
            seller=seller, week_start=digest.week_start, reports=reports, today=today
        )
    return None
