"""Data versions: one number per customer account that changes, in the writing transaction, with what it shows.

A customer's answer can be kept (``backend.graphql.response_cache``) as long as nothing the customer can
see has changed since. Database triggers (migration 0018) bump the account's row of ``data_versions``
whenever a row of a versioned table (``backend.domain.versioned_tables``) is inserted, updated or
deleted: inside the same statement, so the new version commits or rolls back with the change itself,
whichever code path wrote it (ORM, Core, COPY). Changes that concern every customer (the seller's
name, the reason codes, a staff member's name) bump the ``GLOBAL`` row instead.

On PostgreSQL a write only notes the accounts it touched (``data_version_changes``, statement triggers
over transition tables); a deferred constraint trigger bumps them all at COMMIT, sorted, in one
statement. Locking a version row mid-transaction deadlocked under the 50-person load (a filing held its
invoice and wanted the account's version row, an upload held that row and wanted the invoice); as the
last lock of a transaction, taken in order, it cannot be part of a cycle. SQLite bumps once per row
(it has one writer at a time, so no cycle can form).

Reading: the version of an account and the global one, with the identity of every request
(``backend.domain.auth.service``); a cached answer is valid only for exactly those two numbers. The global
number is also noted on the request's session (``note_global_version``), for what a process keeps of the small
global tables (``backend.db.global_cache``).
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, Column, Table, Uuid
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


_GLOBAL_VERSION_SEEN = "recoup_global_version_seen"


def note_global_version(session: AsyncSession, version: int) -> None:
    """The global version this session's request read with its identity."""
    session.sync_session.info[_GLOBAL_VERSION_SEEN] = version


def global_version_seen(session: AsyncSession) -> int | None:
    """The global version noted on this session, or None (jobs, imports, anybody not signed in)."""
    seen: int | None = session.sync_session.info.get(_GLOBAL_VERSION_SEEN)
    return seen
