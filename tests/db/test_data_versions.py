"""Data versions (backend/db/data_versions.py): a write to what a customer sees changes that account's version in the
same transaction, whatever path wrote it; nothing else does. The response cache relies on it."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import Any

import asyncpg
import pytest
from sqlalchemy import insert, select, text, update

from backend.db.bulk import bulk_insert
from backend.db.data_versions import GLOBAL_SCOPE, data_versions
from backend.db.engine import system_session
from backend.domain.accounts.models import User
from backend.domain.disputes.models import ReasonCode
from backend.domain.invoices.models import Invoice, InvoiceLine
from backend.domain.tables import metadata
from backend.domain.versioned_tables import ACCOUNT_TABLES, GLOBAL_TABLES, UNSEEN_TABLES

OPERATIONS = ("insert", "update", "delete")


async def _version(demo: Any, scope: uuid.UUID) -> int:
    async with system_session(demo) as db:
        found = (await db.execute(select(data_versions.c.version).where(data_versions.c.scope_id == scope))).scalar()
    return int(found or 0)


def test_every_table_says_whether_customers_see_it() -> None:
    lists = [set(ACCOUNT_TABLES), set(GLOBAL_TABLES), set(UNSEEN_TABLES)]
    assert sum(len(x) for x in lists) == len(set().union(*lists)), "a table is in two lists"
    assert set(metadata.tables) == set().union(*lists), "classify the new table in backend/domain/versioned_tables.py"


async def test_every_versioned_table_has_a_trigger_per_operation_in_the_database(demo: Any) -> None:
    async with system_session(demo) as db:
        if db.bind.dialect.name == "sqlite":
            found = (await db.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))).scalars()
        else:
            found = (await db.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))).scalars()
        names = set(found)
    for table in [*ACCOUNT_TABLES, *GLOBAL_TABLES]:
        for operation in OPERATIONS:
            assert f"data_version_{table}_{operation}" in names


async def test_a_write_to_one_account_changes_its_version_and_no_other(demo: Any, factory: Any) -> None:
    # given: two accounts
    a, b = await factory.account("A"), await factory.account("B")
    before_a, before_b = await _version(demo, a.id), await _version(demo, b.id)
    before_global = await _version(demo, GLOBAL_SCOPE)

    # when: an invoice is written for A (ORM insert), then its balance changes (Core update)
    invoice = await factory.invoice(a)
    after_insert = await _version(demo, a.id)
    async with system_session(demo) as db:
        await db.execute(update(Invoice).where(Invoice.id == invoice.id).values(po_number="PO-CHANGED"))
        await db.commit()

    # then: A's version moved at each write; B's and the global one did not
    assert after_insert > before_a
    assert await _version(demo, a.id) > after_insert
    assert await _version(demo, b.id) == before_b
    assert await _version(demo, GLOBAL_SCOPE) == before_global


async def test_a_write_that_rolls_back_leaves_the_version_as_it_was(demo: Any, factory: Any) -> None:
    a = await factory.account("A")
    invoice = await factory.invoice(a)
    before = await _version(demo, a.id)

    async with system_session(demo) as db:
        await db.execute(update(Invoice).where(Invoice.id == invoice.id).values(po_number="PO-NEVER"))
        await db.rollback()

    assert await _version(demo, a.id) == before


async def test_rows_copied_in_bulk_change_their_accounts_versions(demo: Any, factory: Any) -> None:
    a, b = await factory.account("A"), await factory.account("B")
    invoice_a, invoice_b = await factory.invoice(a), await factory.invoice(b)
    before_a, before_b = await _version(demo, a.id), await _version(demo, b.id)

    async with system_session(demo) as db:  # COPY on PostgreSQL
        await bulk_insert(
            db,
            InvoiceLine,
            [
                {
                    "id": uuid.uuid4(),
                    "account_id": inv.account_id,
                    "invoice_id": inv.id,
                    "line_number": 2,
                    "sku": "SKU-2",
                    "description": "Bulk line",
                    "quantity": Decimal("1.000"),
                    "unit_price": Decimal("1.00"),
                    "amount": Decimal("1.00"),
                }
                for inv in (invoice_a, invoice_b)
            ],
        )
        await db.commit()

    assert await _version(demo, a.id) > before_a
    assert await _version(demo, b.id) > before_b


async def test_what_every_customer_sees_changes_the_global_version(demo: Any, factory: Any) -> None:
    staff = await factory.user("ar_clerk")
    before = await _version(demo, GLOBAL_SCOPE)

    async with system_session(demo) as db:
        await db.execute(update(User).where(User.id == staff.id).values(full_name="Renamed Clerk"))
        await db.commit()
    renamed = await _version(demo, GLOBAL_SCOPE)
    async with system_session(demo) as db:
        await db.execute(
            insert(ReasonCode).values(
                code=f"T{uuid.uuid4().hex[:8].upper()}",
                label="Test reason",
                category="non_trade",
                sla_days=5,
                active=False,
            )
        )
        await db.commit()

    assert renamed > before
    assert await _version(demo, GLOBAL_SCOPE) > renamed


async def test_a_staff_only_table_changes_no_version(demo: Any, factory: Any) -> None:
    a = await factory.account("A")
    before_a, before_global = await _version(demo, a.id), await _version(demo, GLOBAL_SCOPE)
    await factory.user("customer_user", a)  # a customer user: A's version moves
    after_user = await _version(demo, a.id)

    async with system_session(demo) as db:  # a login attempt is nobody's data
        await db.execute(
            text(
                "INSERT INTO login_attempts (id, email, client_ip, attempted_at, succeeded) "
                "VALUES (:id, 'x@example.com', '127.0.0.1', CURRENT_TIMESTAMP, false)"
            ),
            {"id": uuid.uuid4().hex if db.bind.dialect.name == "sqlite" else uuid.uuid4()},
        )
        await db.commit()

    assert after_user > before_a
    assert await _version(demo, a.id) == after_user
    assert await _version(demo, GLOBAL_SCOPE) == before_global


@pytest.mark.postgresql_only
async def test_writers_of_one_account_that_lock_rows_in_opposite_orders_do_not_deadlock(
    demo: Any, factory: Any, migrated: str
) -> None:
    """Found by the 50-person load: a version row locked mid-transaction closed a cycle with invoice rows."""
    # given: an account with two invoices; two raw connections
    a = await factory.account("A")
    invoice, other = await factory.invoice(a), await factory.invoice(a)
    before = await _version(demo, a.id)
    dsn = migrated.replace("postgresql+asyncpg://", "postgresql://")
    first, second = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        # when: the first touches the account (a line of one invoice) and then wants the invoice the second
        # holds, while the second touches the account (a line of the other invoice) after locking that invoice
        t1, t2 = first.transaction(), second.transaction()
        await t1.start()
        await t2.start()
        await first.execute("UPDATE invoice_lines SET description = 'first' WHERE invoice_id = $1", invoice.id)
        await second.execute("SELECT id FROM invoices WHERE id = $1 FOR UPDATE", invoice.id)
        waiting = asyncio.create_task(first.execute("UPDATE invoices SET po_number = 'P1' WHERE id = $1", invoice.id))
        await asyncio.sleep(0)  # the first now waits for the second's invoice lock
        await second.execute("UPDATE invoice_lines SET description = 'second' WHERE invoice_id = $1", other.id)
        await t2.commit()
        await asyncio.wait_for(waiting, timeout=30)
        await t1.commit()
    finally:
        await first.close()
        await second.close()

    # then: both committed, and the account's version moved for each
    assert await _version(demo, a.id) >= before + 2
