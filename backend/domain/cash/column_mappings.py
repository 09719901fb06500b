"""Column mappings of customers' own remittance advices: saved by a clerk for the first file of a layout, used by
every later file of that customer with the same header (``formats/advice.py``). Saving and removing are audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount
from backend.domain.administration.service import AdminOnly, audit_change
from backend.domain.cash.formats.advice import LABELS, REQUIRED, ROLES, ColumnMap
from backend.domain.cash.formats.sheets import MAX_COLUMNS, Layout, header_key
from backend.domain.cash.models import RemittanceColumnMapping
from backend.domain.errors import DomainError, InvalidInput, NotFound


class ColumnMappingRequired(DomainError):
    """The customer has no mapping for this header yet: a clerk says which column is which, then sends it again."""

    code = "column_mapping_required"

    def __init__(self, customer_number: str, layout: Layout) -> None:
        super().__init__(
            f"This is the first advice of {customer_number} with these columns: say which column is which, then "
            "import it again."
        )
        self.customer_number = customer_number
        self.layout = layout


@dataclass(frozen=True)
class MappingChange:
    customer_number: str
    header: list[str]
    columns: dict[str, int]
    """role → 0-based column; roles left out are not in the file."""


async def account_by_number(session: AsyncSession, number: str) -> CustomerAccount:
    account = (
        await session.execute(select(CustomerAccount).where(CustomerAccount.number == number.strip()[:32]))
    ).scalar_one_or_none()
    if account is None:
        raise NotFound(f"No customer has the number {number.strip()[:32]!r}.")
    return account


async def column_map_for(
    session: AsyncSession, account: CustomerAccount, layout: Layout, *, sha256: str, today: date
) -> ColumnMap:
    """How an advice of ``account`` with this layout is read; :class:`ColumnMappingRequired` when no one said yet."""
    mapping = (
        await session.execute(
            select(RemittanceColumnMapping).where(
                RemittanceColumnMapping.account_id == account.id, RemittanceColumnMapping.header_key == layout.key
            )
        )
    ).scalar_one_or_none()
    if mapping is None:
        raise ColumnMappingRequired(account.number, layout)
    return ColumnMap(
        customer_number=account.number,
        header_row=layout.header_row,
        header_key=layout.key,
        columns=dict(mapping.columns),
        default_reference=f"ADVICE-{sha256[:12].upper()}",
        received_on=today,
        mapping_id=str(mapping.id),
    )


def _checked(change: MappingChange) -> dict[str, int]:
    header = [str(name)[:200] for name in change.header[:MAX_COLUMNS]]
    if not any(name.strip() for name in header):
        raise InvalidInput("header", "The header has no column titles.", "header_empty")
    columns: dict[str, int] = {}
    for role, column in change.columns.items():
        if role not in ROLES:
            raise InvalidInput("columns", f"Unknown role {role!r}.", "role_unknown")
        if column is None:
            continue
        if not 0 <= column < len(header):
            raise InvalidInput(role, f"The {LABELS[role]} column is not one of the file's columns.", "column_invalid")
        if column in columns.values():
            raise InvalidInput(role, f"Column {column + 1} is chosen twice.", "column_twice")
        columns[role] = column
    for role in REQUIRED:
        if role not in columns:
            raise InvalidInput(role, f"Choose the column with the {LABELS[role]}.", "column_required")
    return columns


def _described(mapping: RemittanceColumnMapping) -> dict[str, object]:
    return {
        "account_id": str(mapping.account_id),
        "header": list(mapping.header),
        "columns": {role: mapping.header[c] if c < len(mapping.header) else c for role, c in mapping.columns.items()},
    }


async def save_mapping(
    session: AsyncSession, *, principal: Principal, change: MappingChange, now: datetime
) -> RemittanceColumnMapping:
    """Save (or replace) the mapping of one customer's header layout; the next advice with it imports directly.
    Staff only; audited with the mapping before and after. Commits."""
    if not principal.is_staff:
        raise AdminOnly()
    account = await account_by_number(session, change.customer_number)
    columns = _checked(change)
    header = [str(name)[:200] for name in change.header[:MAX_COLUMNS]]
    key = header_key(header)
    mapping = (
        await session.execute(
            select(RemittanceColumnMapping).where(
                RemittanceColumnMapping.account_id == account.id, RemittanceColumnMapping.header_key == key
            )
        )
    ).scalar_one_or_none()
    before = _described(mapping) if mapping is not None else None
    if mapping is None:
        mapping = RemittanceColumnMapping(account_id=account.id, header_key=key)
        session.add(mapping)
    mapping.header, mapping.columns = header, columns
    mapping.saved_by_id, mapping.saved_at = principal.user_id, now
    await session.flush()
    after = _described(mapping)
    await audit_change(
        session, principal, "cash.column_mapping_saved", "remittance_column_mapping", mapping.id, before, after, now
    )
    await session.commit()
    return mapping


async def remove_mapping(session: AsyncSession, *, principal: Principal, mapping_id: uuid.UUID, now: datetime) -> None:
    """Forget a mapping: the next advice with that header asks again (staff; audited). Commits."""
    if not principal.is_staff:
        raise AdminOnly()
    mapping = await session.get(RemittanceColumnMapping, mapping_id)
    if mapping is None:
        raise NotFound("That column mapping does not exist (any more).")
    before = _described(mapping)
    await session.delete(mapping)
    await audit_change(
        session, principal, "cash.column_mapping_removed", "remittance_column_mapping", mapping_id, before, {}, now
    )
    await session.commit()
