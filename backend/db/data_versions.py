"""Data versions: one number per customer account that changes, in the writing transaction, with what it shows.

A customer's answer can be kept (``backend.graphql.response_cache``) as long as nothing the customer can
see has changed since. Database triggers (migration 0018) bump the account's row of ``data_versions``
whenever a row of a versioned table (``backend.domain.versioned_tables``) is inserted, updated or
deleted: inside the same statement, so the new version commits or rolls back with the change itself,
whichever code path wrote it (ORM, Core, COPY). Changes that concern every customer (the seller's
name, the reason codes, a staff member's name) bump the ``GLOBAL`` row instead.

PostgreSQL bumps once per statement and account (statement triggers over transition tables, the
accounts in order); SQLite once per row (it has a single writer). Under PostgreSQL the bumped row stays
locked until its transaction ends, so two transactions writing the same account queue there (they
mostly write the same invoice anyway). A transaction that writes many accounts in several statements
(a remittance import) calls :func:`lock_versions` first, so two of them take the rows in one order
and cannot deadlock.

Reading: the version of an account and the global one, with the identity of every request
(``backend.domain.auth.service``); a cached answer is valid only for exactly those two numbers.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import BigInteger, Column, Table, Uuid, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.base import Base

GLOBAL_SCOPE = uuid.UUID(int=0)
"""The row of changes every customer sees."""

data_versions = Table(
    "data_versions",
    Base.metadata,
    Column("scope_id", Uuid, primary_key=True, comment="A customer account's id, or GLOBAL_SCOPE."),
    Column("version", BigInteger, nullable=False),
)


async def lock_versions(session: AsyncSession, account_ids: Iterable[uuid.UUID]) -> None:
    """Bump (and so lock, until the transaction ends) the versions of ``account_ids`` in one statement, in order.

    For transactions about to write many accounts in several statements: their later bumps find the rows
    already theirs, and two such transactions lock in the same order."""
    ordered = sorted(set(account_ids))
    if not ordered:
        return
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await connection.execute(
            text(
                "INSERT INTO data_versions (scope_id, version) SELECT a, 1 FROM unnest(CAST(:ids AS uuid[])) AS a "
                "ORDER BY a ON CONFLICT (scope_id) DO UPDATE SET version = data_versions.version + 1"
            ),
            {"ids": ordered},
        )
    # SQLite has one writer at a time: nothing to order.
