"""Reading customer accounts within the caller's scope."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount


async def accounts_by_id(session: AsyncSession, account_ids: Sequence[uuid.UUID]) -> list[CustomerAccount | None]:
    """Accounts in the order asked, one statement; a customer only ever gets their own account back."""
    statement = select(CustomerAccount).where(CustomerAccount.id.in_(list(account_ids)))
    found = {account.id: account for account in (await session.execute(statement)).scalars()}
    return [found.get(account_id) for account_id in account_ids]
