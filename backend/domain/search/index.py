"""Writing the full-text index: SQLite FTS5 on the embedded default, a tsvector table with GIN on PostgreSQL.

The index table (``document_search``, made by migration 0011) is not an ORM model: this
module and ``service.py`` are the only code that touches it, with SQL per engine.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# PostgreSQL refuses a tsvector over 1 MB; what is past this many characters is kept but not indexed.
MAX_INDEXED_CHARS = 400_000
TEXT_SEARCH_CONFIG = "english"
"""PostgreSQL's text search configuration; the SQL below spells it out, and must say the same."""


_JOINER = re.compile(r"(?<=\w)[-./_#:](?=\w)")
JOINER_SQL = r"(\w)[-./_#:](?=\w)"
"""The same rule in PostgreSQL's regex dialect (for ``regexp_replace`` in headlines)."""


def searchable(text: str) -> str:
    """Codes split into their parts (``PO-4500012345`` → ``PO 4500012345``, ``pod-crushed.pdf`` → three words).

    PostgreSQL's parser would read the first as ``po`` and the number ``-4500012345`` and the second
    as one file name; the same rule is applied to what is indexed and to what is searched for.
    """
    return _JOINER.sub(" ", text)


def fts_scope(account_id: uuid.UUID, is_internal: bool) -> str:
    """The FTS5 ``scope`` column's words: the account, and whether customers may see the document."""
    return f"a{account_id.hex} {'internal' if is_internal else 'public'}"


def dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _id(session: AsyncSession, value: uuid.UUID) -> object:
    # SQLAlchemy keeps UUIDs as 32 hex digits on SQLite; the FTS table stores them the same way.
    return value.hex if dialect(session) == "sqlite" else value


async def index_document(
    session: AsyncSession,
    *,
    document_id: uuid.UUID,
    account_id: uuid.UUID,
    is_internal: bool,
    metadata: str,
    body: str,
) -> None:
    """Put (or replace) one document in the index. The caller commits."""
    body = body[:MAX_INDEXED_CHARS]
    if dialect(session) != "sqlite":
        metadata, body = searchable(metadata), searchable(body)
    values = {
        "document_id": _id(session, document_id),
        "account_id": _id(session, account_id),
        "is_internal": is_internal,
        "metadata": metadata,
        "body": body,
    }
    if dialect(session) == "sqlite":
        await session.execute(
            text("INSERT INTO document_search_keys (document_id) VALUES (:document_id) ON CONFLICT DO NOTHING"),
            values,
        )
        key = (
            await session.execute(
                text("SELECT rowid FROM document_search_keys WHERE document_id = :document_id"), values
            )
        ).scalar_one()
        await session.execute(text("DELETE FROM document_search WHERE rowid = :key"), {"key": key})
        await session.execute(
            text("INSERT INTO document_search (rowid, scope, metadata, body) VALUES (:key, :scope, :metadata, :body)"),
            {**values, "key": key, "scope": fts_scope(account_id, is_internal)},
        )
        return
    await session.execute(
        text(
            "INSERT INTO document_search (document_id, account_id, is_internal, vector) VALUES ("
            ":document_id, :account_id, :is_internal, "
            "setweight(to_tsvector('english', :metadata), 'A') || "
            "setweight(to_tsvector('english', :body), 'B')) "
            "ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector, is_internal = EXCLUDED.is_internal"
        ),
        values,
    )


async def remove_from_index(session: AsyncSession, document_id: uuid.UUID) -> None:
    if dialect(session) == "sqlite":
        await session.execute(
            text(
                "DELETE FROM document_search WHERE rowid = "
                "(SELECT rowid FROM document_search_keys WHERE document_id = :document_id)"
            ),
            {"document_id": document_id.hex},
        )
        return
    await session.execute(
        text("DELETE FROM document_search WHERE document_id = :document_id"), {"document_id": document_id}
    )
