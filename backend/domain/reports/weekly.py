"""The weekly e-mail to credit managers: last week's headline figures per currency, with the report as a PDF.

The daily collections run calls :func:`send_weekly_digest`; the first run of a week sends the digest of the week
before, through the outbox, once (``report_digests`` has one row per week, inserted in the same transaction as
the e-mails). The PDF is rendered from the books when each e-mail leaves (``backend.reports.attachments``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.ids import new_id
from backend.domain.accounts.enums import UserRole
from backend.domain.accounts.models import User
from backend.domain.mail.service import enqueue_email
from backend.domain.reports.models import ReportDigest
from backend.domain.reports.receivables import ReceivablesReport, receivables_report
from backend.domain.reports.snapshots import report_currencies

ATTACHMENT_KIND = "report_digest"
NO_DATA = "no data"


def week_before(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week before ``today``'s."""
    monday = today - timedelta(days=today.weekday()) - timedelta(days=7)
    return monday, monday + timedelta(days=6)


async def weekly_reports(session: AsyncSession, week_start: date) -> list[ReceivablesReport]:
    """The week's report in every currency invoices are in, the most used first."""
    currencies = await report_currencies(session)
    end = week_start + timedelta(days=6)
    return [await receivables_report(session, currency=c, start=week_start, end=end) for c in currencies]


def _days(value: object) -> str:
    return f"{value} days" if value is not None else NO_DATA


def _share(value: object) -> str:
    return f"{value}" if value is not None else NO_DATA


def headline(report: ReceivablesReport) -> list[str]:
    """The lines of one currency's figures, as the e-mail and the PDF show them."""
    c = report.currency
    return [
        f"{c}: receivables {report.receivables} {c} at the end of the week, {report.open_deductions} {c} in open "
        "deductions",
        f"  DSO (simple) {_days(report.dso_simple)}, days deduction outstanding "
        f"{_days(report.days_deduction_outstanding)}, CEI {_share(report.collection_effectiveness)}",
        f"  deductions taken {report.deductions_taken} {c} in {report.deductions_taken_count}; decided valid "
        f"{report.decided_valid} {c}, invalid {report.decided_invalid} {c}, written off {report.written_off} {c}",
    ]


async def send_weekly_digest(session: AsyncSession, *, today: date, now: datetime, console_url: str) -> int:
    """Queue last week's digest to every active credit manager, unless it went already; how many e-mails were
    queued. Commits."""
    week_start, week_end = week_before(today)
    if await session.scalar(select(ReportDigest.id).where(ReportDigest.week_start == week_start)) is not None:
        return 0
    managers = list(
        (
            await session.execute(
                select(User.email)
                .where(User.role == UserRole.CREDIT_MANAGER.value, User.is_active.is_(True))
                .order_by(User.email)
            )
        ).scalars()
    )
    reports = await weekly_reports(session, week_start)
    digest = ReportDigest(id=new_id(), week_start=week_start, recipients=len(managers), created_at=now)
    session.add(digest)
    lines = [line for report in reports for line in headline(report)] or ["No invoices yet."]
    body = "\n".join(
        [
            f"Recoup's figures for the week of {week_start.isoformat()} to {week_end.isoformat()}, as of its last day:",
            "",
            *lines,
            "",
            "The attached PDF has every measure with its definition; the console's Reports page has the rest:",
            f"{console_url}/reports",
        ]
    )
    for email in managers:
        queued = enqueue_email(
            session, to=email, subject=f"Recoup weekly report: week of {week_start.isoformat()}", body=body, now=now
        )
        queued.attachment_kind, queued.attachment_id = ATTACHMENT_KIND, digest.id
    await session.commit()
    return len(managers)
