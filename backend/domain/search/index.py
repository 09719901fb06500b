"""Writing the full-text index: SQLite FTS5 on the embedded default, a tsvector table with GIN on PostgreSQL.

The index table (``document_search``, made by migration 0011) is not an ORM model: this
module and ``service.py`` are the only code that touches it, with SQL per engine. On PostgreSQL
a row also carries the document's own columns that pick and order a search's ranking window
(account, internal, created date, type, status, current version; migration 0017), copied from
the document row each time it is indexed, so a search never joins ``documents``.
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


# The window's columns (what scopes, filters and orders a search) are read from the document row, locked: a
# newer version confirmed meanwhile (which clears is_current and removes this row from the index) either waits
# for this commit or is what this statement reads.
_UPSERT = text(
    "INSERT INTO document_search "
    "(document_id, account_id, is_internal, created_at, document_type, status, is_current, vector) "
    "SELECT d.id, d.account_id, d.is_internal, d.created_at, d.document_type, d.status, d.is_current, "
    "setweight(to_tsvector('english', :metadata), 'A') || setweight(to_tsvector('english', :body), 'B') "
    "FROM documents AS d WHERE d.id = :document_id FOR NO KEY UPDATE OF d "
    "ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector, account_id = EXCLUDED.account_id, "
    "is_internal = EXCLUDED.is_internal, created_at = EXCLUDED.created_at, document_type = EXCLUDED.document_type, "
    "status = EXCLUDED.status, is_current = EXCLUDED.is_current"
)


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
    if dialect(session) == "sqlite":
        key_of = {"document_id": document_id.hex}
        await session.execute(
            text("INSERT INTO document_search_keys (document_id) VALUES (:document_id) ON CONFLICT DO NOTHING"), key_of
        )
        key = (
            await session.execute(
                text("SELECT rowid FROM document_search_keys WHERE document_id = :document_id"), key_of
            )
        ).scalar_one()
        await session.execute(text("DELETE FROM document_search WHERE rowid = :key"), {"key": key})
        # Only a stored, current version: what is counted unfiltered must be what the search may show.
        await session.execute(
            text(
                "INSERT INTO document_search (rowid, scope, metadata, body) SELECT :key, :scope, :metadata, :body "
                "WHERE EXISTS (SELECT 1 FROM documents WHERE id = :document_id AND status = 'stored' AND is_current)"
            ),
            {**key_of, "key": key, "scope": fts_scope(account_id, is_internal), "metadata": metadata, "body": body},
        )
        return
    await session.execute(
        _UPSERT, {"document_id": document_id, "metadata": searchable(metadata), "body": searchable(body)}
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
