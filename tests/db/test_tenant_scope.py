"""The data layer's tenant scope (SECURITY.md B7): customers see their account only, and no principal fails closed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from backend.db.engine import principal_session, system_session
from backend.db.scope import MissingPrincipal, Principal
from backend.domain.accounts.models import CustomerAccount
from backend.domain.invoices.models import Invoice, InvoiceLine


async def test_scoped_query_without_principal_raises(demo: Any) -> None:
    async with demo() as db:
        with pytest.raises(MissingPrincipal):
            await db.execute(select(Invoice).limit(1))


async def test_customer_b_loading_customer_a_invoice_by_id_gets_nothing(demo: Any, factory: Any) -> None:
    a, b = await factory.account("A"), await factory.account("B")
    invoice_a = await factory.invoice(a)
    user_b = await factory.user("customer_user", b)
    principal_b = Principal(user_id=user_b.id, role="customer_user", account_id=b.id)

    async with principal_session(demo, principal_b) as db:
        assert await db.get(Invoice, invoice_a.id) is None
        assert (await db.execute(select(Invoice).where(Invoice.id == invoice_a.id))).first() is None
        assert (await db.execute(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_a.id))).first() is None
        assert (await db.execute(select(CustomerAccount).where(CustomerAccount.id == a.id))).first() is None
        assert (await db.execute(select(CustomerAccount.id))).scalars().all() == [b.id]


async def test_bulk_update_by_another_customer_changes_nothing(demo: Any, factory: Any) -> None:
    a, b = await factory.account("A"), await factory.account("B")
    invoice_a = await factory.invoice(a, po_number="PO-ORIGINAL")
    user_b = await factory.user("customer_user", b)
    principal_b = Principal(user_id=user_b.id, role="customer_user", account_id=b.id)

    async with principal_session(demo, principal_b) as db:
        result = await db.execute(
            update(Invoice).where(Invoice.id == invoice_a.id).values(po_number="PO-HACKED"),
            execution_options={"synchronize_session": False},
        )
        await db.commit()
    assert result.rowcount == 0
    async with system_session(demo) as db:
        assert (await db.get(Invoice, invoice_a.id)).po_number == "PO-ORIGINAL"


async def test_bulk_delete_by_another_customer_deletes_nothing(demo: Any, factory: Any) -> None:
    a, b = await factory.account("A"), await factory.account("B")
    invoice_a = await factory.invoice(a)
    user_b = await factory.user("customer_user", b)
    principal_b = Principal(user_id=user_b.id, role="customer_user", account_id=b.id)

    async with principal_session(demo, principal_b) as db:
        result = await db.execute(
            delete(InvoiceLine).where(InvoiceLine.invoice_id == invoice_a.id),
            execution_options={"synchronize_session": False},
        )
        await db.commit()
    assert result.rowcount == 0
    async with system_session(demo) as db:
        assert (await db.execute(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_a.id))).first()


async def test_a_bulk_update_without_a_principal_raises(demo: Any) -> None:
    async with demo() as db:
        with pytest.raises(MissingPrincipal):
            await db.execute(
                update(Invoice).values(po_number="PO-NOBODY"), execution_options={"synchronize_session": False}
            )


async def test_staff_see_every_account(demo: Any, factory: Any) -> None:
    a, b = await factory.account("A"), await factory.account("B")
    await factory.invoice(a, total=Decimal("5.00"))
    await factory.invoice(b, total=Decimal("6.00"))
    clerk = await factory.user("ar_clerk")
    async with principal_session(demo, Principal(user_id=clerk.id, role="ar_clerk", account_id=None)) as db:
        accounts = set(
            (await db.execute(select(Invoice.account_id).where(Invoice.account_id.in_([a.id, b.id])))).scalars()
        )
    assert accounts == {a.id, b.id}


def test_a_customer_principal_needs_an_account_and_staff_have_none() -> None:
    import uuid

    with pytest.raises(ValueError):
        Principal(user_id=uuid.uuid4(), role="customer_admin", account_id=None)
    with pytest.raises(ValueError):
        Principal(user_id=uuid.uuid4(), role="admin", account_id=uuid.uuid4())
