"""Searching documents by what they say and what they are, within the searcher's access rights.

One function for both engines: SQLite FTS5 (bm25 ranking, ``snippet``) and PostgreSQL
(``websearch_to_tsquery``, ``ts_rank_cd`` over a GIN-indexed tsvector, ``ts_headline``).
Every statement joins the ORM ``Document``, so the tenant scope filters it like any other
query (a customer sees their own account's documents and never internal ones); the
index's own account and internal columns (SQLite: its ``scope`` words) are filtered as well,
so the index prunes early.
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

RANK_WINDOW = 1000
FILTERED_WINDOW = 10_000
COUNT_CAP = 1000

# PostgreSQL's index table.
_index = table(
    "document_search",
    column("document_id"),
    column("account_id"),
    column("is_internal"),
    column("vector"),
)
# SQLite: the FTS5 table and the integer keys its rows go by.
_fts = table("document_search", column("rowid"), column("scope"), column("metadata"), column("body"))
_fts_keys = table("document_search_keys", column("rowid"), column("document_id"))


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
    total_is_exact: bool = True
    """False when more than ``total`` (= COUNT_CAP) documents match."""


def fts5_query(words: str) -> str:
    """A safe FTS5 query: each typed word a quoted phrase of its parts (``INV-00123`` → ``"inv 00123"``), all required.

    No prefix queries: on a large archive a prefix of a common word merges thousands of terms.
    """
    phrases = []
    for word in words.split():
        parts = _WORD.findall(word.lower())
        if parts:
            phrases.append('"' + " ".join(parts) + '"')
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
    """The best-ranked documents matching ``words`` and the filter, with highlighted snippets, and how many match.

    Work per query is bounded whatever the archive's size: ranking looks at the newest
    ``RANK_WINDOW`` matches, and counting stops past ``COUNT_CAP`` (``total_is_exact`` says so).
    A word found in every tenth document costs the same as a rare one.
    """
    words = words.strip()[:MAX_QUERY]
    if dialect(session) == "sqlite":
        return await _search_sqlite(session, principal, words, flt, offset, limit)
    return await _search_postgres(session, principal, words, flt, offset, limit)


def _page_bounds(offset: int, limit: int) -> tuple[int, int]:
    offset = min(offset, RANK_WINDOW)
    return offset, max(0, min(limit, RANK_WINDOW - offset))


async def _capped_count(session: AsyncSession, matches: Any) -> tuple[int, bool]:
    counted = (
        await session.execute(select(func.count()).select_from(matches.limit(COUNT_CAP + 1).subquery()))
    ).scalar_one()
    return min(int(counted), COUNT_CAP), int(counted) <= COUNT_CAP


def _best_snippet(body: str | None, metadata: str | None) -> str:
    if body and HIGHLIGHT_START in body:
        return body
    return metadata or body or ""


async def _search_sqlite(
    session: AsyncSession, principal: Principal, words: str, flt: SearchFilter, offset: int, limit: int
) -> SearchPage:
    """FTS5 alone picks the window (the newest matches, ranked by bm25); documents are joined to it after.

    SQLite plans a join with the FTS table by scanning the other side and matching row by row, so the
    FTS query runs on its own first. Filters on the documents apply within the window, which is wider
    when there are any (a narrow filter over a common word may still miss matches older than it).
    """
    query = fts5_query(words)
    if not query:
        return SearchPage()
    match = "{metadata body} : (" + query + ")"
    if not principal.is_staff and principal.account_id is not None:
        match = f"scope : a{principal.account_id.hex} AND scope : public AND " + match
    matching = text("document_search MATCH :match").bindparams(match=match)
    filtered = flt != SearchFilter()
    size = FILTERED_WINDOW if filtered else RANK_WINDOW
    offset, limit = _page_bounds(offset, limit)
    window = (
        select(_fts.c.rowid.label("key"), func.bm25(literal_column("document_search"), 0.0, 4.0, 1.0).label("rank"))
        .select_from(_fts)
        .where(matching)
        .order_by(_fts.c.rowid.desc())
        .limit(size)
        .subquery()
    )
    # Joined through the ORM entity, so the tenant scope's criteria apply to Document too.
    found = (
        select(window.c.key, Document.id, window.c.rank)
        .select_from(window)
        .join(_fts_keys, _fts_keys.c.rowid == window.c.key)
        .join(Document, Document.id == _fts_keys.c.document_id)
        .where(*_filters(principal, flt))
    )
    rows = (await session.execute(found.order_by(window.c.rank, window.c.key.desc()).offset(offset).limit(limit))).all()
    if filtered:
        total, exact = await _capped_count(session, found)
        exact = exact and total < size
    else:
        total, exact = await _capped_count(session, select(_fts.c.rowid).select_from(_fts).where(matching))
    snippets: dict[int, str] = {}
    if rows:
        snippet_of = [
            func.snippet(literal_column("document_search"), column_number, HIGHLIGHT_START, HIGHLIGHT_END, "…", 14)
            for column_number in (2, 1)
        ]
        marked = await session.execute(
            select(_fts.c.rowid, *snippet_of)
            .select_from(_fts)
            .where(matching, _fts.c.rowid.in_([row[0] for row in rows]))
        )
        snippets = {row[0]: _best_snippet(row[1], row[2]) for row in marked}
    hits = [SearchHit(document_id=row[1], rank=-float(row[2]), snippet=snippets.get(row[0], "")) for row in rows]
    return SearchPage(hits=hits, total=total, total_is_exact=exact)


async def _search_postgres(
    session: AsyncSession, principal: Principal, words: str, flt: SearchFilter, offset: int, limit: int
) -> SearchPage:
    if not _WORD.search(words):
        return SearchPage()
    tsquery = func.websearch_to_tsquery(literal_column(f"'{TEXT_SEARCH_CONFIG}'::regconfig"), searchable(words))
    conditions = [_index.c.vector.op("@@")(tsquery), *_filters(principal, flt)]
    if principal.account_id is not None:
        conditions += [_index.c.account_id == principal.account_id, _index.c.is_internal.is_(False)]
    offset, limit = _page_bounds(offset, limit)

    def joined(statement: Any) -> Any:
        # Joined as the ORM entity, so the tenant scope's criteria apply to it.
        return statement.select_from(_index).join(Document, Document.id == _index.c.document_id).where(*conditions)

    # The matches as their own (lazily read) CTE: PostgreSQL then plans them from the GIN index when they are
    # few, instead of probing documents one by one under a LIMIT (which reads each row's vector).
    scope: list[ColumnElement[bool]] = [_index.c.vector.op("@@")(tsquery)]
    if principal.account_id is not None:
        scope += [_index.c.account_id == principal.account_id, _index.c.is_internal.is_(False)]
    matches = select(_index.c.document_id, _index.c.vector).where(*scope).cte("matches").prefix_with("MATERIALIZED")
    in_matches = (
        select(Document.id, Document.created_at, matches.c.vector)
        .select_from(matches)
        .join(Document, Document.id == matches.c.document_id)
        .where(*_filters(principal, flt))
    )
    # Counted first (up to the cap): it decides how to rank.
    total, exact = await _capped_count(session, in_matches)
    if exact:
        # Few matches: rank them all.
        ranked = in_matches.subquery()
        rank = func.ts_rank_cd(ranked.c.vector, tsquery)
        page = select(ranked.c.id, rank.label("rank")).order_by(rank.desc(), ranked.c.created_at.desc())
    else:
        # Many: walk the documents newest first (no vector read yet) to the window, and rank only those.
        window = (
            joined(
                select(
                    Document.id.label("id"), Document.created_at.label("created_at"), _index.c.vector.label("vector")
                )
            )
            .order_by(Document.created_at.desc())
            .limit(RANK_WINDOW)
            .subquery()
        )
        rank = func.ts_rank_cd(window.c.vector, tsquery)
        page = select(window.c.id, rank.label("rank")).order_by(rank.desc(), window.c.created_at.desc())
    rows = (await session.execute(page.offset(offset).limit(limit))).all()
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
    return SearchPage(hits=hits, total=total, total_is_exact=exact)
