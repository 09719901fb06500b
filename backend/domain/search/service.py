"""Searching documents by what they say and what they are, within the searcher's access rights.

One function for both engines: SQLite FTS5 (bm25 ranking, ``snippet``) and PostgreSQL
(``websearch_to_tsquery``, ``ts_rank_cd`` over a GIN-indexed tsvector, ``ts_headline``).
Every statement joins the ORM ``Document``, so the tenant scope filters it like any other
query (a customer sees their own account's documents and never internal ones); the
index's own account and internal columns are filtered as well, so the index prunes early.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, column, func, literal_column, select, table, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.documents.enums import DocumentStatus
from backend.domain.documents.models import Document, DocumentText
from backend.domain.search.index import JOINER_SQL, TEXT_SEARCH_CONFIG, dialect, searchable

HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"
MAX_QUERY = 200
_WORD = re.compile(r"\w+", re.UNICODE)

_index = table(
    "document_search",
    column("document_id"),
    column("account_id"),
    column("is_internal"),
    column("vector"),
)


@dataclass(frozen=True)
class SearchFilter:
    document_types: tuple[str, ...] = ()
    account_ids: tuple[uuid.UUID, ...] = ()
    invoice_id: uuid.UUID | None = None
    dispute_id: uuid.UUID | None = None
    uploaded_from: date | None = None
    uploaded_to: date | None = None


@dataclass(frozen=True)
class SearchHit:
    document_id: uuid.UUID
    rank: float
    snippet: str
    """Text around the matches; matched words sit between HIGHLIGHT_START and HIGHLIGHT_END."""


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0


def fts5_query(words: str) -> str:
    """A safe FTS5 query: each typed word a quoted phrase of its parts (``INV-00123`` → ``"inv 00123"``), all required,
    the last one also as a prefix while the user is still typing."""
    phrases = []
    for word in words.split():
        parts = _WORD.findall(word.lower())
        if parts:
            phrases.append('"' + " ".join(parts) + '"')
    if not phrases:
        return ""
    if len(phrases[-1].split()) == 1 and len(phrases[-1]) > 4:
        phrases[-1] = phrases[-1] + "*"
    return " ".join(phrases)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _filters(principal: Principal, flt: SearchFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Document.status == DocumentStatus.STORED.value,
        Document.is_current.is_(True),
    ]
    if not principal.is_staff:
        # Belt and braces: the tenant scope adds the same two conditions to Document.
        conditions += [Document.account_id == principal.account_id, Document.is_internal.is_(False)]
    if flt.document_types:
        conditions.append(Document.document_type.in_(flt.document_types))
    if flt.account_ids:
        conditions.append(Document.account_id.in_(flt.account_ids))
    if flt.invoice_id is not None:
        conditions.append(Document.invoice_id == flt.invoice_id)
    if flt.dispute_id is not None:
        conditions.append(Document.dispute_id == flt.dispute_id)
    if flt.uploaded_from is not None:
        conditions.append(Document.created_at >= _day_start(flt.uploaded_from))
    if flt.uploaded_to is not None:
        conditions.append(Document.created_at < _day_start(flt.uploaded_to + timedelta(days=1)))
    return conditions


async def search_documents(
    session: AsyncSession, *, principal: Principal, words: str, flt: SearchFilter, offset: int, limit: int
) -> SearchPage:
    """The best-ranked documents matching ``words`` and the filter, with highlighted snippets, and how many match."""
    words = words.strip()[:MAX_QUERY]
    if dialect(session) == "sqlite":
        return await _search_sqlite(session, principal, words, flt, offset, limit)
    return await _search_postgres(session, principal, words, flt, offset, limit)


def _joined(statement: Any) -> Any:
    # Joined as the ORM entity, so the tenant scope's criteria apply to it.
    return statement.select_from(_index).join(Document, Document.id == _index.c.document_id)


async def _search_sqlite(
    session: AsyncSession, principal: Principal, words: str, flt: SearchFilter, offset: int, limit: int
) -> SearchPage:
    query = fts5_query(words)
    if not query:
        return SearchPage()
    account: Any = literal_column("'" + principal.account_id.hex + "'") if principal.account_id else None
    conditions = [text("document_search MATCH :query").bindparams(query=query), *_filters(principal, flt)]
    if account is not None:
        conditions += [_index.c.account_id == account, text("document_search.is_internal = 0")]
    rank = func.bm25(literal_column("document_search"), 0.0, 0.0, 0.0, 4.0, 1.0)
    snippet_of = [
        func.snippet(literal_column("document_search"), column_number, HIGHLIGHT_START, HIGHLIGHT_END, "…", 14)
        for column_number in (4, 3)
    ]
    page = (
        _joined(select(Document.id, rank.label("rank"), *snippet_of))
        .where(*conditions)
        .order_by(rank, Document.created_at.desc())
        .offset(offset)
        .limit(limit)
    )
    rows = (await session.execute(page)).all()
    total = (await session.execute(_joined(select(func.count())).where(*conditions))).scalar_one()
    hits = [SearchHit(document_id=row[0], rank=-float(row[1]), snippet=_best_snippet(row[2], row[3])) for row in rows]
    return SearchPage(hits=hits, total=int(total))


def _best_snippet(body: str | None, metadata: str | None) -> str:
    if body and HIGHLIGHT_START in body:
        return body
    return metadata or body or ""


async def _search_postgres(
    session: AsyncSession, principal: Principal, words: str, flt: SearchFilter, offset: int, limit: int
) -> SearchPage:
    if not _WORD.search(words):
        return SearchPage()
    tsquery = func.websearch_to_tsquery(literal_column(f"'{TEXT_SEARCH_CONFIG}'::regconfig"), searchable(words))
    conditions = [_index.c.vector.op("@@")(tsquery), *_filters(principal, flt)]
    if principal.account_id is not None:
        conditions += [_index.c.account_id == principal.account_id, _index.c.is_internal.is_(False)]
    rank = func.ts_rank_cd(_index.c.vector, tsquery)
    page = (
        _joined(select(Document.id, rank.label("rank")))
        .where(*conditions)
        .order_by(rank.desc(), Document.created_at.desc())
        .offset(offset)
        .limit(limit)
    )
    rows = (await session.execute(page)).all()
    total = (await session.execute(_joined(select(func.count())).where(*conditions))).scalar_one()
    snippets: dict[uuid.UUID, str] = {}
    if rows:
        options = (
            f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, MaxWords=24, MinWords=10, "
            "MaxFragments=2, FragmentDelimiter=' … '"
        )
        config: Any = literal_column(f"'{TEXT_SEARCH_CONFIG}'::regconfig")
        headlines = await session.execute(
            select(
                DocumentText.document_id,
                func.ts_headline(
                    config, func.regexp_replace(DocumentText.body, JOINER_SQL, r"\1 ", "g"), tsquery, options
                ),
                func.ts_headline(
                    config, func.regexp_replace(DocumentText.metadata_text, JOINER_SQL, r"\1 ", "g"), tsquery, options
                ),
            ).where(DocumentText.document_id.in_([row[0] for row in rows]))
        )
        snippets = {row[0]: _best_snippet(row[1], row[2]) for row in headlines}
    hits = [SearchHit(document_id=row[0], rank=float(row[1]), snippet=snippets.get(row[0], "")) for row in rows]
    return SearchPage(hits=hits, total=int(total))
