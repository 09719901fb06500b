"""What a refused call must leave as it was: every table's row count, and the other account's rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, select, union_all

import backend.domain.tables  # noqa: F401  (every table registered)
from backend.db.base import Base
from backend.db.engine import system_session
from backend.domain.accounts.models import User
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice


@dataclass(frozen=True)
class Footprint:
    row_counts: dict[str, int]
    """Rows per table, all accounts."""
    foreign: tuple[Any, ...]
    """The other account's rows per table and its invoice, dispute and user as stored."""


async def row_counts(sessionmaker: Any) -> dict[str, int]:
    """Rows per table, all accounts."""
    async with system_session(sessionmaker) as db:
        return await _row_counts(db)


async def _row_counts(db: Any) -> dict[str, int]:
    tables = Base.metadata.sorted_tables
    counts = await db.execute(union_all(*(select(literal(t.name), func.count()).select_from(t) for t in tables)))
    return {name: int(n) for name, n in counts.all()}


async def footprint(
    sessionmaker: Any, *, account_id: uuid.UUID, invoice_id: uuid.UUID, dispute_id: uuid.UUID, user_id: uuid.UUID
) -> Footprint:
    tables = Base.metadata.sorted_tables
    async with system_session(sessionmaker) as db:
        counts = await _row_counts(db)
        scoped = [t for t in tables if "account_id" in t.columns]
        foreign_counts = await db.execute(
            union_all(
                *(
                    select(literal(t.name), func.count()).select_from(t).where(t.columns["account_id"] == account_id)
                    for t in scoped
                )
            )
        )
        rows = []
        for model, key in ((Invoice, invoice_id), (Dispute, dispute_id), (User, user_id)):
            rows.append(tuple((await db.execute(select(model.__table__).where(model.__table__.c.id == key))).one()))
        return Footprint(
            row_counts=counts,
            foreign=(tuple(sorted((name, int(n)) for name, n in foreign_counts.all())), *rows),
        )
