"""Document search latency over a generated archive, against a plain ``LIKE`` scan in the same run.

``BENCH_SEARCH_DOCS`` documents (default 100,000) with ~150 words each, Zipf-distributed, spread over
20 customers; the same queries through ``search_documents`` (the code the API runs, as staff and as a
customer) and through a ``LIKE '%word%'`` scan that returns the same page and count. SQLite always;
PostgreSQL when ``RECOUP_BENCH_POSTGRES_URL`` is set (``make bench`` starts a throwaway cluster).
Target (issue 5): p95 under 50 ms on PostgreSQL.
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

from sqlalchemy import func, insert, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

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
                        "INSERT INTO document_search (document_id, account_id, is_internal, vector) VALUES "
                        "(:document_id, :account_id, :is_internal, setweight(to_tsvector('english', :metadata), 'A') "
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
    return {
        "common word": [rng.choice(vocabulary[:40]) for _ in range(QUERIES_PER_KIND)],
        "rare word": [rng.choice(vocabulary[4000:]) for _ in range(QUERIES_PER_KIND)],
        "two words": [
            f"{rng.choice(DOMAIN_WORDS)} {rng.choice(vocabulary[100:2000])}" for _ in range(QUERIES_PER_KIND)
        ],
        "PO number": [str(4500000000 + rng.randrange(DOCS)) for _ in range(QUERIES_PER_KIND)],
    }


async def _like(db: AsyncSession, principal: Principal, words: str) -> int:
    """The baseline: every word as ``LIKE '%word%'`` on the text, newest first, one page and the count."""
    conditions = [
        or_(DocumentText.body.ilike(f"%{word}%"), DocumentText.metadata_text.ilike(f"%{word}%"))
        for word in words.split()
    ]
    base = select(Document.id).join(DocumentText, DocumentText.document_id == Document.id).where(*conditions)
    page = (await db.execute(base.order_by(Document.created_at.desc()).limit(20))).all()
    total = (await db.execute(select(func.count()).select_from(base.subquery()))).scalar_one()
    return len(page) + int(total)


async def _time(call: Callable[[str], Awaitable[object]], queries: list[str]) -> list[float]:
    for words in queries[:3]:
        await call(words)
    samples = []
    for words in queries:
        started = time.perf_counter()
        await call(words)
        samples.append(time.perf_counter() - started)
    return samples


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


async def _measure(url: str, engine_name: str) -> list[str]:
    accounts, vocabulary = await _generate(url)
    queries = _queries(random.Random(7), vocabulary)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    staff = Principal(user_id=uuid.uuid4(), role="ar_clerk", account_id=None)
    customer = Principal(user_id=uuid.uuid4(), role="customer_user", account_id=accounts[3])
    lines = []
    try:
        for who, principal in (("staff", staff), ("customer", customer)):
            async with principal_session(sessions, principal) as db:

                async def indexed(words: str, db: AsyncSession = db, principal: Principal = principal) -> object:
                    return await search_documents(
                        db, principal=principal, words=words, flt=SearchFilter(), offset=0, limit=20
                    )

                async def scanned(words: str, db: AsyncSession = db, principal: Principal = principal) -> object:
                    return await _like(db, principal, words)

                for kind, asked in queries.items():
                    fast = _percentiles(await _time(indexed, asked))
                    slow = _percentiles(await _time(scanned, asked))
                    lines.append(
                        f"{engine_name:10} {who:8} {kind:12} index p50 {fast[0]:7.1f} p95 {fast[1]:7.1f} ms | "
                        f"LIKE p50 {slow[0]:8.1f} p95 {slow[1]:8.1f} ms | p95 {slow[1] / fast[1]:6.1f}x faster"
                    )
    finally:
        await engine.dispose()
    return lines


def run() -> int:
    print(f"document search over {DOCS:,} documents, {QUERIES_PER_KIND} queries of each kind, page of 20 + count")
    results = []
    with tempfile.TemporaryDirectory(prefix="recoup-bench-search-") as folder:
        results += asyncio.run(_measure(f"sqlite+aiosqlite:///{Path(folder) / 'search.db'}", "SQLite"))
    postgres = os.environ.get("RECOUP_BENCH_POSTGRES_URL")
    if postgres:
        results += asyncio.run(_measure(postgres, "PostgreSQL"))
    else:
        print("  (PostgreSQL skipped: set RECOUP_BENCH_POSTGRES_URL, or run make bench)")
    for line in results:
        print(line)
    return 0
