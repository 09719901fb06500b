"""What the reports keep: the weekly digests sent to credit managers (one per week, so a rerun sends nothing)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey


class ReportDigest(UUIDPrimaryKey, CreatedAt, Base):
    """The weekly e-mail of headline figures for the week starting ``week_start`` (a Monday); its PDF is rendered
    from the books when each e-mail leaves (``backend.reports.attachments``)."""

    __tablename__ = "report_digests"

    week_start: Mapped[date] = mapped_column(Date, nullable=False, unique=True)
    recipients: Mapped[int] = mapped_column(Integer, nullable=False)
