"""The system actor: the user row automation acts as, so its actions are audited like a person's."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import PRINCIPAL_KEY, Principal

SYSTEM_USER_ID = uuid.UUID("5ec0a070-0000-4000-8000-000000000001")
""""Recoup automation": a staff row made by migration 0015. No password and inactive, so it cannot sign in
(password or single sign-on) and is never offered for assignment; the staff lists leave it out."""
SYSTEM_USER_EMAIL = "automation@recoup.invalid"
SYSTEM_USER_NAME = "Recoup automation"
SYSTEM_PRINCIPAL = Principal(user_id=SYSTEM_USER_ID, role="ar_clerk", account_id=None)


@asynccontextmanager
async def acting_as_system(session: AsyncSession) -> AsyncIterator[None]:
    """Run the block as the system actor (staff scope: flags are staff-only rows), then restore who was acting.

    The hooks run inside a customer's filing or upload; they read and write rows the
    customer may not see, and only within the case's own account.
    """
    info = session.info
    had, previous = PRINCIPAL_KEY in info, info.get(PRINCIPAL_KEY)
    info[PRINCIPAL_KEY] = SYSTEM_PRINCIPAL
    try:
        yield
    finally:
        if had:
            info[PRINCIPAL_KEY] = previous
        else:
            info.pop(PRINCIPAL_KEY, None)
