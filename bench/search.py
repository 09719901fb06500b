"""Document search latency over a generated archive: the code the API runs, at 1 and 8 connections, against a floor.

``BENCH_SEARCH_DOCS`` documents (default 100,000) with ~150 words each, Zipf-distributed, spread over
20 customers; four kinds of query (common words, rare words, two words, PO numbers) through
``search_documents`` as staff and as a customer. On PostgreSQL (``RECOUP_BENCH_POSTGRES_URL``; ``make bench``
starts a throwaway cluster) each kind runs at 1 and at 8 concurrent connections, each search in its own
session as a request makes it, and the floor is the same statements (recorded from that search) replayed on
bare asyncpg connections, one per concurrent client. SQLite (``BENCH_SEARCH_SQLITE=0`` skips it) runs at
one connection against a ``LIKE '%word%'`` scan returning the same page and count.
Targets (issue 5): p95 under 50 ms at one connection and under 250 ms at 8, on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import func, insert, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import make_engine, make_sessionmaker, principal_session, system_session
from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount, Organisation
from backend.domain.documents.models import Document, DocumentText
from backend.domain.search.index import MAX_INDEXED_CHARS, fts_scope, searchable
from backend.domain.search.service import SearchFilter, search_documents
from backend.migrations import upgrade_to_head

DOCS = int(os.environ.get("BENCH_SEARCH_DOCS", "100000"))
QUERIES_PER_KIND = int(os.environ.get("BENCH_SEARCH_QUERIES", "40"))
CUSTOMERS = 20
CONNECTIONS = (1, 8)
CONNECTIONS_RANGE = range(max(CONNECTIONS))
ROUNDS = {1: 1, 8: 3}
"""Passes over a kind's queries at each concurrency (more at 8, for a p95 of enough samples)."""
TARGET_P95_MS = {1: 50.0, 8: 250.0}
DOMAIN_WORDS = (
    "pallet carton crushed damaged shortage delivery signed driver dock truck store received shipped exception "
    "missing wet torn label invoice purchase order credit claim return freight carrier seal warehouse count "
    "promotion rebate allowance pricing discount"
).split()


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = ["ka", "lo", "mi", "ren", "sto", "var", "qui", "pel", "dor", "zan", "tru", "fen", "gol", "bri"]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(8000)}
    return DOMAIN_WORDS + sorted(words)


def _weights(size: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(size)]


async def _generate(url: str) -> tuple[list[uuid.UUID], list[str]]:
    """Fill a fresh database (or reuse one this benchmark filled before); the account ids and the vocabulary."""
    await asyncio.to_thread(upgrade_to_head, url)
    rng = random.Random(20261201)
    vocabulary = _vocabulary(rng)
    weights = _weights(len(vocabulary))
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    sqlite = url.startswith("sqlite")
    start = time.perf_counter()
    async with system_session(sessions) as db:
        existing = (await db.execute(select(func.count()).select_from(Document))).scalar_one()
        if existing == DOCS:
            accounts = list((await db.execute(select(CustomerAccount.id).order_by(CustomerAccount.number))).scalars())
            await engine.dispose()
            print(f"  reusing the {DOCS:,} documents already generated")
            return accounts, vocabulary
        organisation = uuid.uuid4()
        await db.execute(insert(Organisation), [{"id": organisation, "name": "Bench", "base_currency": "USD"}])
        accounts = [uuid.uuid4() for _ in range(CUSTOMERS)]
        await db.execute(
            insert(CustomerAccount),
            [
                {
                    "id": a,
                    "organisation_id": organisation,
                    "number": f"C{n:05d}",
                    "name": f"Customer {n}",
                    "currency": "USD",
                    "payment_terms_days": 30,
                    "credit_limit": Decimal("10000.00"),
                }
                for n, a in enumerate(accounts)
            ],
        )
        await db.commit()
        batch = 2000
        now = datetime.now(UTC)
        for first in range(0, DOCS, batch):
            documents, texts, index = [], [], []
            for n in range(first, min(DOCS, first + batch)):
                document_id, account = uuid.uuid4(), accounts[n % CUSTOMERS]
                body = " ".join(rng.choices(vocabulary, weights=weights, k=rng.randint(80, 220)))
                body += f" invoice INV-{n:07d} PO-{4500000000 + n}"
                metadata = f"POD {n}.pdf proof of delivery Customer {n % CUSTOMERS} C{n % CUSTOMERS:05d}"
                documents.append(
                    {
                        "id": document_id,
                        "account_id": account,
                        "storage_key": f"{account}/{document_id}",
                        "filename": f"POD {n}.pdf",
                        "content_type": "application/pdf",
                        "document_type": "proof_of_delivery",
                        "size_bytes": len(body),
                        "status": "stored",
                        "is_internal": n % 50 == 0,
                        "version_number": 1,
                        "is_current": True,
                        "extraction_status": "done",
                        "extraction_attempts": 1,
                        "created_at": now - timedelta(minutes=n),
                    }
                )
                texts.append(
                    {
                        "document_id": document_id,
                        "account_id": account,
                        "is_internal": n % 50 == 0,
                        "body": body,
                        "metadata_text": metadata,
                        "extracted_at": now,
                    }
                )
                index.append(
                    {
                        "key": DOCS - n,  # newer documents, higher keys, as in life
                        "document_id": document_id.hex if sqlite else document_id,
                        "account_id": account,
                        "scope": fts_scope(account, n % 50 == 0),
                        "is_internal": n % 50 == 0,
                        "created_at": now - timedelta(minutes=n),
                        "metadata": metadata if sqlite else searchable(metadata),
                        "body": (body if sqlite else searchable(body))[:MAX_INDEXED_CHARS],
                    }
                )
            await db.execute(insert(Document), documents)
            await db.execute(insert(DocumentText), texts)
            if sqlite:
                await db.execute(
                    text("INSERT INTO document_search_keys (rowid, document_id) VALUES (:key, :document_id)"), index
                )
                await db.execute(
                    text(
                        "INSERT INTO document_search (rowid, scope, metadata, body) "
                        "VALUES (:key, :scope, :metadata, :body)"
                    ),
                    index,
                )
            else:
                await db.execute(
                    text(
                        "INSERT INTO document_search (document_id, account_id, is_internal, created_at, document_type, "
                        "status, is_current, vector) VALUES (:document_id, :account_id, :is_internal, :created_at, "
                        "'proof_of_delivery', 'stored', true, setweight(to_tsvector('english', :metadata), 'A') "
                        "|| setweight(to_tsvector('english', :body), 'B'))"
                    ),
                    index,
                )
            await db.commit()
        if not sqlite:
            await db.execute(text("ANALYZE"))
            await db.commit()
    await engine.dispose()
    print(f"  generated {DOCS:,} documents in {time.perf_counter() - start:.0f} s")
    return accounts, vocabulary


def _queries(rng: random.Random, vocabulary: list[str]) -> dict[str, list[str]]:
    half = QUERIES_PER_KIND // 2
    return {
        # As the load suite asks: half the domain words every document uses, half words found in 1–30 % of
        # documents (more matches than the ranking window, but sparse among the newest documents).
        "common word": [rng.choice(vocabulary[:40]) for _ in range(half)]
        + [rng.choice(vocabulary[40:2000]) for _ in range(QUERIES_PER_KIND - half)],
        "rare word": [rng.choice(vocabulary[4000:]) for _ in range(QUERIES_PER_KIND)],
        "two words": [
            f"{rng.choice(DOMAIN_WORDS)} {rng.choice(vocabulary[100:2000])}" for _ in range(QUERIES_PER_KIND)
        ],
        "PO number": [str(4500000000 + rng.randrange(DOCS)) for _ in range(QUERIES_PER_KIND)],
    }


async def _like(db: AsyncSession, words: str) -> int:
    """The SQLite baseline: every word as ``LIKE '%word%'`` on the text, newest first, one page and the count."""
    conditions = [
        or_(DocumentText.body.ilike(f"%{word}%"), DocumentText.metadata_text.ilike(f"%{word}%"))
        for word in words.split()
    ]
    base = select(Document.id).join(DocumentText, DocumentText.document_id == Document.id).where(*conditions)
    page = (await db.execute(base.order_by(Document.created_at.desc()).limit(20))).all()
    total = (await db.execute(select(func.count()).select_from(base.subquery()))).scalar_one()
    return len(page) + int(total)


Operation = Callable[[int, str], Awaitable[object]]
"""One measured call for some words; it is given the number of the client running it (which owns a bare connection)."""


async def _timed(operation: Operation, asked: list[str], connections: int) -> tuple[float, float]:
    """p50 and p95 (ms) of ``operation`` over ``asked``, ``connections`` clients in flight, each taking the next words."""
    pending = list(reversed(asked))
    samples: list[float] = []

    async def client(number: int) -> None:
        while pending:
            words = pending.pop()
            started = time.perf_counter()
            await operation(number, words)
            samples.append(time.perf_counter() - started)

    await asyncio.gather(*(client(number) for number in range(connections)))
    return _percentiles(samples)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def _principals(accounts: list[uuid.UUID]) -> dict[str, Principal]:
    return {
        "staff": Principal(user_id=uuid.uuid4(), role="ar_clerk", account_id=None),
        "customer": Principal(user_id=uuid.uuid4(), role="customer_user", account_id=accounts[3]),
    }


def _searcher(sessions: async_sessionmaker[AsyncSession], principal: Principal) -> Operation:
    """One search as a request makes it: its own session (a pooled connection), a page of 20 and the count."""

    async def search(_client: int, words: str) -> object:
        async with principal_session(sessions, principal) as db:
            return await search_documents(db, principal=principal, words=words, flt=SearchFilter(), offset=0, limit=20)

    return search


def _replayer(bare: list[Any], recorded: dict[str, list[tuple[str, Any]]]) -> Operation:
    """The floor: the statements a search for these words sent, in order, on the client's own bare connection,
    in one transaction as the session sends them (a ``SET LOCAL`` among them holds only inside one)."""

    async def replay(client: int, words: str) -> None:
        async with bare[client].transaction():
            for sql, parameters in recorded[words]:
                await bare[client].fetch(sql, *(parameters or ()))

    return replay


def _scanner(sessions: async_sessionmaker[AsyncSession], principal: Principal) -> Operation:
    async def scan(_client: int, words: str) -> object:
        async with principal_session(sessions, principal) as db:
            return await _like(db, words)

    return scan


def _cell(search: tuple[float, float], floor: tuple[float, float]) -> str:
    return f"{search[0]:6.1f} /{search[1]:6.1f} {floor[0]:6.1f} /{floor[1]:6.1f}"


async def _measure_postgres(url: str) -> list[str]:
    from bench.load.statements import recording  # here: bench.load imports this module

    accounts, vocabulary = await _generate(url)
    queries = _queries(random.Random(7), vocabulary)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    bare = [await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://")) for _ in CONNECTIONS_RANGE]
    lines = [
        "PostgreSQL: p50 / p95 ms per search (page of 20 + count) | floor: the same statements on bare asyncpg "
        "connections, one per client",
        f"{'':27}{'1 connection':^29}  {'8 connections':^29}",
        f"{'who':9}{'query':12}{'SQL':>4}  {'search':^14} {'floor':^14}  {'search':^14} {'floor':^14}"
        f"  target p95 < {TARGET_P95_MS[1]:.0f} / < {TARGET_P95_MS[8]:.0f} ms",
    ]
    try:
        for who, principal in _principals(accounts).items():
            search = _searcher(sessions, principal)
            for kind, asked in queries.items():
                recorded: dict[str, list[tuple[str, Any]]] = {}
                for words in asked:  # the warm-up pass records each search's statements for the floor
                    with recording(engine) as seen:
                        await search(0, words)
                    recorded[words] = list(seen)
                replay = _replayer(bare, recorded)
                cells, verdicts = [], []
                for connections in CONNECTIONS:
                    asked_now = asked * ROUNDS[connections]
                    searched = await _timed(search, asked_now, connections)
                    floor = await _timed(replay, asked_now, connections)
                    cells.append(_cell(searched, floor))
                    verdicts.append("met" if searched[1] < TARGET_P95_MS[connections] else "MISSED")
                statements = statistics.mean(len(seen) for seen in recorded.values())
                lines.append(f"{who:9}{kind:12}{statements:4.1f}  {cells[0]}  {cells[1]}  {' / '.join(verdicts)}")
    finally:
        for conn in bare:
            await conn.close()
        await engine.dispose()
    return lines


async def _measure_sqlite(url: str) -> list[str]:
    accounts, vocabulary = await _generate(url)
    queries = _queries(random.Random(7), vocabulary)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    lines = ["SQLite: p50 / p95 ms per search at one connection | baseline: a LIKE scan for the same page and count"]
    try:
        for who, principal in _principals(accounts).items():
            search, scan = _searcher(sessions, principal), _scanner(sessions, principal)
            for kind, asked in queries.items():
                for words in asked[:3]:
                    await search(0, words)
                fast = await _timed(search, asked, 1)
                slow = await _timed(scan, asked, 1)
                lines.append(
                    f"{who:9}{kind:12} index {fast[0]:7.1f} / {fast[1]:7.1f} | LIKE {slow[0]:8.1f} / {slow[1]:8.1f}"
                    f" | p95 {slow[1] / fast[1]:6.1f}x faster"
                )
    finally:
        await engine.dispose()
    return lines


def run() -> int:
    print(f"document search over {DOCS:,} documents, {QUERIES_PER_KIND} queries of each kind")
    results = []
    if os.environ.get("BENCH_SEARCH_SQLITE", "1") != "0":
        with tempfile.TemporaryDirectory(prefix="recoup-bench-search-") as folder:
            results += asyncio.run(_measure_sqlite(f"sqlite+aiosqlite:///{Path(folder) / 'search.db'}"))
    postgres = os.environ.get("RECOUP_BENCH_POSTGRES_URL")
    if postgres:
        results += asyncio.run(_measure_postgres(postgres))
    else:
        print("  (PostgreSQL skipped: set RECOUP_BENCH_POSTGRES_URL, or run make bench)")
    for line in results:
        print(line)
    return 0
