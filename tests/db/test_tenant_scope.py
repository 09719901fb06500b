"""The data layer's tenant scope (SECURITY.md B7): customers see their account only, and no principal fails closed."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from backend.db.engine import principal_session, system_session
from backend.db.scope import MissingPrincipal, Principal, scope_conditions
from backend.domain.accounts.models import CustomerAccount
from backend.domain.documents.models import DocumentText
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


async def test_a_lean_read_gets_the_same_scope_and_only_in_its_principals_session(demo: Any, factory: Any) -> None:
    # given: Core columns (no ORM entity, so no listener scopes them) and documents of A and B, one internal
    a, b = await factory.account("A"), await factory.account("B")
    await factory.document(a.id, text="a")
    own = await factory.document(b.id, text="b")
    await factory.document(b.id, text="b internal", internal=True)
    principal_b = Principal(user_id=uuid.uuid4(), role="customer_user", account_id=b.id)
    staff = Principal(user_id=uuid.uuid4(), role="ar_clerk", account_id=None)
    texts = DocumentText.__table__
    columns = {"account_id": texts.c.account_id, "is_internal": texts.c.is_internal}

    async with principal_session(demo, principal_b) as db:
        of_both = select(texts.c.document_id).where(texts.c.account_id.in_([a.id, b.id]))
        unscoped = (await db.execute(of_both)).scalars().all()
        scoped = (await db.execute(of_both.where(*scope_conditions(db, principal_b, **columns)))).scalars().all()
        # then: B's public row only (the listener alone would let all three through); staff's scope asked for
        # in B's session, or any scope in nobody's session, fails closed
        assert len(unscoped) == 3 and scoped == [own.id]
        with pytest.raises(MissingPrincipal):
            scope_conditions(db, staff, **columns)
    async with demo() as nobody:
        with pytest.raises(MissingPrincipal):
            scope_conditions(nobody, principal_b, **columns)


def test_a_customer_principal_needs_an_account_and_staff_have_none() -> None:
    with pytest.raises(ValueError):
        Principal(user_id=uuid.uuid4(), role="customer_admin", account_id=None)
    with pytest.raises(ValueError):
        Principal(user_id=uuid.uuid4(), role="admin", account_id=uuid.uuid4())
