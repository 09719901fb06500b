"""Searching documents by what they say and what they are, within the searcher's access rights.

One function for both engines: SQLite FTS5 (bm25 ranking, ``snippet``) and PostgreSQL
(``websearch_to_tsquery``, ``ts_rank_cd`` over a GIN-indexed tsvector, ``ts_headline``).
On SQLite every statement joins the ORM ``Document``, so the tenant scope filters it like any
other query, and the index's ``scope`` words narrow a customer's MATCH as well. On PostgreSQL
one lean statement reads the index table alone, whose rows carry the document's account,
internal flag, date, type and version (``index.py``), and applies the same scope itself
(``scope_conditions``: a customer sees their own account's documents and never internal ones).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, bindparam, column, func, literal_column, select, table, text, true
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.lists import among_parameter
from backend.db.scope import Principal, confined_to, scope_conditions
from backend.domain.documents.enums import DocumentStatus
from backend.domain.documents.models import Document, DocumentText
from backend.domain.search.index import JOINER_SQL, TEXT_SEARCH_CONFIG, dialect, searchable

HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"
MAX_QUERY = 200
_WORD = re.compile(r"\w+", re.UNICODE)

RANK_WINDOW = 1000
FILTERED_WINDOW = 10_000
COUNT_CAP = 1000
MAX_HEADLINE_CHARS = 10_000
"""PostgreSQL headlines read this much of a text: ``ts_headline`` parses all it is given (~0.1 ms per KB)."""

_documents = Document.__table__
# PostgreSQL's index table, with the document columns that scope, filter and order the ranking window.
_index = table(
    "document_search",
    column("document_id", _documents.c.id.type),
    column("account_id", _documents.c.account_id.type),
    column("is_internal", _documents.c.is_internal.type),
    column("created_at", _documents.c.created_at.type),
    column("document_type", _documents.c.document_type.type),
    column("status", _documents.c.status.type),
    column("is_current", _documents.c.is_current.type),
    column("vector"),
)
_texts = DocumentText.__table__
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


@dataclass(frozen=True)
class _Shape:
    """Which of a filter's conditions apply, and whether the reader is confined to one account: one statement each."""

    dialect: str
    confined: bool
    document_types: bool
    account_ids: bool
    invoice: bool
    dispute: bool
    uploaded_from: bool
    uploaded_to: bool

    @classmethod
    def of(cls, dialect: str, flt: SearchFilter, *, confined: bool) -> _Shape:
        return cls(
            dialect=dialect,
            confined=confined,
            document_types=bool(flt.document_types),
            account_ids=bool(flt.account_ids),
            invoice=flt.invoice_id is not None,
            dispute=flt.dispute_id is not None,
            uploaded_from=flt.uploaded_from is not None,
            uploaded_to=flt.uploaded_to is not None,
        )


def _parameters(flt: SearchFilter) -> dict[str, Any]:
    """The values the filter's conditions bind."""
    return {
        "document_types": list(flt.document_types),
        "account_ids": list(flt.account_ids),
        "invoice_id": flt.invoice_id,
        "dispute_id": flt.dispute_id,
        "uploaded_from": _day_start(flt.uploaded_from) if flt.uploaded_from else None,
        "uploaded_to": _day_start(flt.uploaded_to + timedelta(days=1)) if flt.uploaded_to else None,
    }


def _filters(shape: _Shape, rows: Any, linked: Any) -> list[ColumnElement[bool]]:
    """The filter's conditions on ``rows`` (``Document``, or the index table's columns: the same names), with
    the values of :func:`_parameters` bound by name.

    ``linked(name)`` is the condition "the document's ``invoice_id``/``dispute_id`` is the bound ``name``".
    """
    conditions: list[ColumnElement[bool]] = [
        rows.status == DocumentStatus.STORED.value,
        rows.is_current.is_(True),
    ]
    if shape.document_types:
        conditions.append(among_parameter(shape.dialect, rows.document_type, "document_types"))
    if shape.account_ids:
        conditions.append(among_parameter(shape.dialect, rows.account_id, "account_ids"))
    for name, applies in (("invoice_id", shape.invoice), ("dispute_id", shape.dispute)):
        if applies:
            conditions.append(linked(name))
    if shape.uploaded_from:
        conditions.append(rows.created_at >= bindparam("uploaded_from", type_=_documents.c.created_at.type))
    if shape.uploaded_to:
        conditions.append(rows.created_at < bindparam("uploaded_to", type_=_documents.c.created_at.type))
    return conditions


def _document_filters(session: AsyncSession, principal: Principal, shape: _Shape) -> list[ColumnElement[bool]]:
    # Belt and braces: the tenant scope adds the same conditions to Document.
    scope = scope_conditions(session, principal, account_id=Document.account_id, is_internal=Document.is_internal)
    return [*scope, *_filters(shape, Document, lambda name: getattr(Document, name) == bindparam(name))]


def _index_filters(shape: _Shape) -> list[ColumnElement[bool]]:
    # The index's own columns: the tenant scope, bound as ``confined_to`` (the account), is all that keeps
    # other accounts' rows out.
    scope = [_index.c.account_id == bindparam("confined_to"), _index.c.is_internal.is_(False)] if shape.confined else []

    def linked(name: str) -> ColumnElement[bool]:
        return _index.c.document_id.in_(select(_documents.c.id).where(_documents.c[name] == bindparam(name)))

    return [*scope, *_filters(shape, _index.c, linked)]


async def search_documents(
    session: AsyncSession, *, principal: Principal, words: str, flt: SearchFilter, offset: int, limit: int
) -> SearchPage:
    """The best-ranked documents matching ``words`` and the filter, with highlighted snippets, and how many match.

    Work per query is bounded whatever the archive's size: ranking looks at the newest
    ``RANK_WINDOW`` matches, and counting stops past ``COUNT_CAP`` (``total_is_exact`` says so).
    A word found in every tenth document costs the same as a rare one.
    """
    words = words.strip()[:MAX_QUERY]
    if not words:
        return await _newest(session, principal, flt, offset, limit)
    if dialect(session) == "sqlite":
        return await _search_sqlite(session, principal, words, flt, offset, limit)
    return await _search_postgres(session, principal, words, flt, offset, limit)


async def _newest(
    session: AsyncSession, principal: Principal, flt: SearchFilter, offset: int, limit: int
) -> SearchPage:
    """No words: the documents under the filter, newest first (the Documents page before anything is typed).

    Read through the ORM ``Document``, so the tenant scope applies as to any list; the count stops at the cap.
    """
    shape = _Shape.of(dialect(session), flt, confined=False)
    parameters = _parameters(flt)
    conditions = _document_filters(session, principal, shape)
    offset, limit = _page_bounds(offset, limit)
    rows = await session.execute(
        select(Document.id)
        .where(*conditions)
        .order_by(Document.created_at.desc(), Document.id.desc())
        .offset(offset)
        .limit(limit),
        parameters,
    )
    hits = [SearchHit(document_id=row[0], rank=0.0, snippet="") for row in rows]
    total, exact = await _capped_count(session, select(Document.id).where(*conditions), parameters)
    return SearchPage(hits=hits, total=total, total_is_exact=exact)


def _page_bounds(offset: int, limit: int) -> tuple[int, int]:
    offset = min(offset, RANK_WINDOW)
    return offset, max(0, min(limit, RANK_WINDOW - offset))


async def _capped_count(session: AsyncSession, matches: Any, parameters: dict[str, Any]) -> tuple[int, bool]:
    counted = (
        await session.execute(select(func.count()).select_from(matches.limit(COUNT_CAP + 1).subquery()), parameters)
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
    shape = _Shape.of("sqlite", flt, confined=False)
    parameters = _parameters(flt)
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
        .where(*_document_filters(session, principal, shape))
    )
    ranked = found.order_by(window.c.rank, window.c.key.desc()).offset(offset).limit(limit)
    rows = (await session.execute(ranked, parameters)).all()
    if filtered:
        total, exact = await _capped_count(session, found, parameters)
        exact = exact and total < size
    else:
        total, exact = await _capped_count(session, select(_fts.c.rowid).select_from(_fts).where(matching), {})
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
    """One statement (:func:`_lean_search`) on the index table alone, planned for these words.

    ``ix_document_search_newest`` walks a common word's matches newest first; the GIN index finds a rare
    word's. Which is cheaper depends on the words, so the plan is made for them (``force_custom_plan``): a
    generic plan of this prepared statement guesses 500 matches for any word, and would collect all of a
    common word's matches through the GIN index before sorting them by date.
    """
    if not _WORD.search(words):
        return SearchPage()
    offset, limit = _page_bounds(offset, limit)
    account = confined_to(session, principal)
    statement = _lean_search(_Shape.of("postgresql", flt, confined=account is not None))
    parameters = _parameters(flt) | {
        "words": searchable(words),
        "confined_to": account,
        "offset": offset,
        "limit": limit,
    }
    parameters |= {"matches_kept": max(COUNT_CAP + 1, RANK_WINDOW), "window": RANK_WINDOW}
    await session.execute(_CUSTOM_PLANS)
    rows = (await session.execute(statement, parameters)).all()
    counted = int(rows[0].total)
    hits = [
        SearchHit(document_id=row.document_id, rank=float(row.rank), snippet=_best_snippet(row.body, row.metadata))
        for row in rows
        if row.document_id is not None
    ]
    return SearchPage(hits=hits, total=min(counted, COUNT_CAP), total_is_exact=counted <= COUNT_CAP)


_CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")


@lru_cache(maxsize=128)
def _lean_search(shape: _Shape) -> Any:
    """The newest matches (up to the cap) materialised, counted, the window ranked, headlines for the page only.

    Built once per shape; runs with the filter's parameters, ``words`` (already :func:`searchable`),
    ``confined_to``, ``offset``, ``limit`` and the bounds ``matches_kept`` and ``window``. Rows: the capped count on each, and one per hit (document,
    rank, body and metadata headlines); a single row with no document when the page is empty.
    """
    config: Any = literal_column(f"'{TEXT_SEARCH_CONFIG}'::regconfig")
    tsquery = func.websearch_to_tsquery(config, bindparam("words", type_=_texts.c.body.type))
    matches = (
        select(_index.c.document_id, _index.c.created_at, _index.c.vector)
        .where(_index.c.vector.op("@@")(tsquery), *_index_filters(shape))
        .order_by(_index.c.created_at.desc())
        .limit(bindparam("matches_kept"))
        .cte("matches")
        .prefix_with("MATERIALIZED")
    )
    window = select(matches).order_by(matches.c.created_at.desc()).limit(bindparam("window")).subquery("ranking_window")
    rank = func.ts_rank_cd(window.c.vector, tsquery)
    page = (
        select(window.c.document_id, window.c.created_at, rank.label("rank"))
        .order_by(rank.desc(), window.c.created_at.desc(), window.c.document_id)
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
        .subquery("page")
    )
    counted = select(select(func.count()).select_from(matches).scalar_subquery().label("total")).subquery("counted")
    options = (
        f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, MaxWords=24, MinWords=10, "
        "MaxFragments=2, FragmentDelimiter=' … '"
    )

    def headline(text_column: Any) -> Any:
        prefix = func.left(text_column, MAX_HEADLINE_CHARS)
        return func.ts_headline(config, func.regexp_replace(prefix, JOINER_SQL, r"\1 ", "g"), tsquery, options)

    return (
        select(
            counted.c.total,
            page.c.document_id,
            page.c.rank,
            headline(_texts.c.body).label("body"),
            headline(_texts.c.metadata_text).label("metadata"),
        )
        .select_from(counted)
        .outerjoin(page, true())  # the count's row stays when the page is empty
        .outerjoin(_texts, _texts.c.document_id == page.c.document_id)
        .order_by(page.c.rank.desc(), page.c.created_at.desc(), page.c.document_id)
    )
