"""What the reports keep: the weekly digests sent to credit managers (one per week, so a rerun sends nothing), and
the daily snapshots the reports read instead of rebuilding a million invoices' books per click."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import Money, UTCDateTime


class ReportDigest(UUIDPrimaryKey, CreatedAt, Base):
    """The weekly e-mail of headline figures for the week starting ``week_start`` (a Monday); its PDF is rendered
    from the books when each e-mail leaves (``backend.reports.attachments``)."""

    __tablename__ = "report_digests"

    week_start: Mapped[date] = mapped_column(Date, nullable=False, unique=True)
    recipients: Mapped[int] = mapped_column(Integer, nullable=False)


class DailyBalances(Base):
    """One customer's books in one currency at the end of ``day``, as recorded by the daily snapshot
    (``backend.domain.reports.snapshots``): what ``ledger.balances_on`` said that evening."""

    __tablename__ = "report_daily_balances"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customer_accounts.id"), primary_key=True)
    receivables: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    current: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    open_deductions: Mapped[Decimal] = mapped_column(Money(), nullable=False)


class DailyTotals(Base):
    """Every customer's books in one currency at the end of ``day`` added up, recorded with them (a report over
    every customer reads one row per day)."""

    __tablename__ = "report_daily_totals"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    receivables: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    current: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    open_deductions: Mapped[Decimal] = mapped_column(Money(), nullable=False)


class DailyActivity(Base):
    """Every customer's invoicing and new cases in one currency on ``day`` (all customers together: one customer's
    activity is read from its own invoices and cases, which are few)."""

    __tablename__ = "report_daily_activity"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    sales: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    """The total of the invoices issued that day."""
    invoices_issued: Mapped[int] = mapped_column(Integer, nullable=False)
    deductions_taken: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    """The money of the cases opened that day."""
    deductions_taken_count: Mapped[int] = mapped_column(Integer, nullable=False)


class SnapshotVersion(Base):
    """A customer's data version (``backend.db.data_versions``) read just before ``day``'s books were recorded: a
    customer whose version has changed since is rebuilt when the books are carried forward."""

    __tablename__ = "report_snapshot_versions"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False)


class SnapshotDay(Base):
    """Which days the snapshot has recorded: a day's activity and its balances may be recorded apart (a backfill
    records activity over a range in one statement, balances day by day). A day with no row here is read from the
    records themselves."""

    __tablename__ = "report_snapshot_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    balances_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
