"""The staff work queue: every case with what a clerk needs to triage it, filtered, sorted, counted by status."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.db.lists import among
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.automation.flags import flags_by_dispute
from backend.domain.automation.models import CaseFlag
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES, DisputeOrigin, DisputeStatus
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice

UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class CaseFilter:
    statuses: Sequence[DisputeStatus] = ()
    reason_codes: Sequence[str] = ()
    account_ids: Sequence[uuid.UUID] = ()
    assignee_id: uuid.UUID | None = None
    unassigned_only: bool = False
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    opened_after: date | None = None
    opened_before: date | None = None
    origin: DisputeOrigin | None = None
    overdue_only: bool = False
    search: str | None = None
    flags: Sequence[str] = ()
    """Cases carrying any of these validation flags (``backend/domain/automation``)."""
    no_flags: bool = False
    """Cases carrying no flag at all."""


SORTS: dict[str, tuple[Any, Any]] = {
    "newest": (Dispute.created_at.desc(), Dispute.id.desc()),
    "oldest": (Dispute.created_at.asc(), Dispute.id.asc()),
    "due_soonest": (Dispute.due_on.asc(), Dispute.id.asc()),
    "amount_highest": (Dispute.amount.desc(), Dispute.id.desc()),
}


class CaseRecord(Protocol):
    """The case's own columns a queue row carries (read as a row, not as an ORM object)."""

    id: uuid.UUID
    version: int
    status: str
    origin: str
    reason_code: str
    amount: Decimal
    description: str
    created_at: datetime
    due_on: date
    resolved_at: datetime | None
    account_id: uuid.UUID
    invoice_id: uuid.UUID
    assignee_id: uuid.UUID | None


_assignee = aliased(User, name="assignee")
_CASE_COLUMNS = (
    Dispute.id,
    Dispute.version,
    Dispute.status,
    Dispute.origin,
    Dispute.reason_code,
    Dispute.amount,
    Dispute.description,
    Dispute.created_at,
    Dispute.due_on,
    Dispute.resolved_at,
    Dispute.account_id,
    Dispute.invoice_id,
    Dispute.assignee_id,
)


@dataclass(frozen=True)
class CaseRow:
    dispute: CaseRecord
    account_name: str
    account_number: str
    invoice_number: str
    currency: str
    assignee_name: str | None
    flags: list[CaseFlag]
    """Validation flags, in code order (none for a customer: the scope hides them)."""

    def is_overdue(self, today: date) -> bool:
        return self.dispute.status in OPEN_DISPUTE_STATUSES and self.dispute.due_on < today

    def age_days(self, now: datetime) -> int:
        return max(0, (now - self.dispute.created_at).days)


def _where(session: AsyncSession, flt: CaseFilter, today: date, *, with_status: bool) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if with_status and flt.statuses:
        conditions.append(among(session, Dispute.status, [s.value for s in flt.statuses]))
    if flt.reason_codes:
        conditions.append(among(session, Dispute.reason_code, flt.reason_codes))
    if flt.account_ids:
        conditions.append(among(session, Dispute.account_id, flt.account_ids))
    if flt.unassigned_only:
        conditions.append(Dispute.assignee_id.is_(None))
    elif flt.assignee_id is not None:
        conditions.append(Dispute.assignee_id == flt.assignee_id)
    if flt.amount_min is not None:
        conditions.append(Dispute.amount >= flt.amount_min)
    if flt.amount_max is not None:
        conditions.append(Dispute.amount <= flt.amount_max)
    if flt.opened_after is not None:
        conditions.append(Dispute.created_at >= datetime.combine(flt.opened_after, time.min, tzinfo=UTC))
    if flt.opened_before is not None:
        conditions.append(
            Dispute.created_at < datetime.combine(flt.opened_before + timedelta(days=1), time.min, tzinfo=UTC)
        )
    if flt.origin is not None:
        conditions.append(Dispute.origin == flt.origin.value)
    if flt.overdue_only:
        conditions.append(Dispute.due_on < today)
        conditions.append(Dispute.status.in_([s.value for s in OPEN_DISPUTE_STATUSES]))
    if flt.flags:
        conditions.append(
            exists().where(
                CaseFlag.dispute_id == Dispute.id, CaseFlag.code.in_(list(flt.flags))
            )  # ix_case_flags_code_dispute
        )
    if flt.no_flags:
        conditions.append(~exists().where(CaseFlag.dispute_id == Dispute.id))  # uq_case_flags_dispute_code
    if flt.search:
        needle = f"%{flt.search.strip().lower()}%"
        conditions.append(or_(func.lower(Invoice.number).like(needle), func.lower(CustomerAccount.name).like(needle)))
    return conditions


def _joined(statement: Select) -> Select:  # type: ignore[type-arg]
    return statement.join(Invoice, Invoice.id == Dispute.invoice_id).join(
        CustomerAccount, CustomerAccount.id == Dispute.account_id
    )


def _counted(statement: Select, flt: CaseFilter) -> Select:  # type: ignore[type-arg]
    """Counts join the invoice and account only when the search reads them: every case has exactly one of each
    (NOT NULL foreign keys), so the joins change no count, and without them a count reads one index."""
    return _joined(statement) if flt.search else statement


async def list_cases(
    session: AsyncSession,
    *,
    flt: CaseFilter,
    sort: str,
    first: int,
    offset: int,
    today: date,
    only_id: uuid.UUID | None = None,
) -> tuple[list[CaseRow], int, dict[str, int]]:
    """A page of cases with their flags, the total, and the count per status under the same filter.

    Three statements: the counts per status (the filter without its statuses), the page, and the page's
    flags. The total is the sum of the counts of the statuses the filter keeps, not a pass of its own.
    One case by id (``only_id``) skips the counts and answers a total of 0.
    """
    conditions = _where(session, flt, today, with_status=True)
    counts: dict[str, int] = {}
    total = 0
    if only_id is not None:
        conditions.append(Dispute.id == only_id)
    else:
        counts = {
            status: count
            for status, count in (
                await session.execute(
                    _counted(select(Dispute.status, func.count()).select_from(Dispute), flt)
                    .where(*_where(session, flt, today, with_status=False))
                    .group_by(Dispute.status)
                )
            ).all()
        }
        kept = {s.value for s in flt.statuses} if flt.statuses else set(counts)
        total = sum(n for status, n in counts.items() if status in kept)
    statement = (
        _joined(
            select(
                *_CASE_COLUMNS,
                CustomerAccount.name.label("account_name"),
                CustomerAccount.number.label("account_number"),
                Invoice.number.label("invoice_number"),
                Invoice.currency,
                _assignee.full_name.label("assignee_name"),
            )
        )
        .outerjoin(_assignee, _assignee.id == Dispute.assignee_id)
        .where(*conditions)
        .order_by(*SORTS.get(sort, SORTS["newest"]))
        .offset(offset)
        .limit(first)
    )
    found = (await session.execute(statement)).all()
    flags = await flags_by_dispute(session, [row.id for row in found]) if found else []
    rows = [
        CaseRow(
            dispute=row,
            account_name=row.account_name,
            account_number=row.account_number,
            invoice_number=row.invoice_number,
            currency=row.currency,
            assignee_name=row.assignee_name,
            flags=case_flags,
        )
        for row, case_flags in zip(found, flags, strict=True)
    ]
    return rows, total, counts
