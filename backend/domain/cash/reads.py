"""What the console reads about imports: the list, one import, its lines page by page, the exceptions queue.

Each read is a constant number of statements: a page of rows, its total, and one query for
the invoices and accounts its rows mention.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.invoices.models import Invoice

LINE_STATUSES = frozenset({"applied", "exception", "error", "skipped", "not_applied", "confirmed"})


async def recent_imports(session: AsyncSession, *, limit: int) -> list[RemittanceImport]:
    rows = await session.execute(
        select(RemittanceImport).order_by(RemittanceImport.imported_at.desc(), RemittanceImport.id).limit(limit)
    )
    return list(rows.scalars())


async def import_lines(
    session: AsyncSession,
    *,
    import_id: uuid.UUID | None,
    statuses: Iterable[str],
    offset: int,
    limit: int,
    customer: str = "",
) -> tuple[list[RemittanceLineRecord], int]:
    """A page of lines (of one import, or of all imports: the exceptions queue), in file order / oldest first;
    ``customer`` keeps the lines whose customer number is it or whose customer's name contains it."""
    conditions = []
    wanted_customer = customer.strip()
    if wanted_customer:
        pattern = "%" + wanted_customer.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        named = select(CustomerAccount.id).where(CustomerAccount.name.ilike(pattern, escape="\\"))
        conditions.append(
            or_(
                RemittanceLineRecord.customer_number == wanted_customer,
                RemittanceLineRecord.customer_name.ilike(pattern, escape="\\"),
                RemittanceLineRecord.account_id.in_(named),
            )
        )
    if import_id is not None:
        conditions.append(RemittanceLineRecord.import_id == import_id)
    wanted = [s for s in statuses if s in LINE_STATUSES]
    if wanted:
        conditions.append(RemittanceLineRecord.status.in_(wanted))
    order = (
        (RemittanceLineRecord.line, RemittanceLineRecord.id)
        if import_id is not None
        else (RemittanceLineRecord.received_on, RemittanceLineRecord.line, RemittanceLineRecord.id)
    )
    rows = await session.execute(
        select(RemittanceLineRecord).where(*conditions).order_by(*order).offset(offset).limit(limit)
    )
    total = (
        await session.execute(select(func.count()).select_from(RemittanceLineRecord).where(*conditions))
    ).scalar_one()
    return list(rows.scalars()), total


async def invoices_named(session: AsyncSession, lines: list[RemittanceLineRecord]) -> dict[uuid.UUID, Invoice]:
    """The invoices a page of lines applied to or suggests, in one query."""
    ids: set[uuid.UUID] = set()
    for line in lines:
        ids.update(uuid.UUID(a["invoice_id"]) for a in line.applied_to)
        for suggestion in line.suggestions:
            ids.update(uuid.UUID(i) for i in suggestion["invoice_ids"])
    if not ids:
        return {}
    return {i.id: i for i in (await session.execute(select(Invoice).where(Invoice.id.in_(ids)))).scalars()}


async def accounts_named(session: AsyncSession, lines: list[RemittanceLineRecord]) -> dict[uuid.UUID, CustomerAccount]:
    ids = {line.account_id for line in lines if line.account_id is not None}
    if not ids:
        return {}
    return {
        a.id: a for a in (await session.execute(select(CustomerAccount).where(CustomerAccount.id.in_(ids)))).scalars()
    }
