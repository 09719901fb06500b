"""Cash application at scale: a generated book of open invoices and remittance files with known truth.

``BENCH_CASH_INVOICES`` open invoices (default 1,000,000 on PostgreSQL, 100,000 on SQLite) over
customers of 50 invoices each; two lockbox files, ``BENCH_CASH_LINES`` lines (default 100,000) and a
tenth of that, drawn from disjoint customers, with realistic noise: references as customers write
them (case, spaces, no prefix, leading zeros dropped), PO numbers instead of invoice numbers,
typos, missing references, two invoices paid on one line naming both, short pays with X12 codes.
Each file runs through the import job exactly as the app runs it (``run_import``: parse, match,
check, post in one transaction, automation of the new deductions).

Prints lines per second, precision (of the lines applied without a person, the share applied to
exactly the invoices the truth says) and recall (the share of all lines applied correctly without a
person), and the time of the large file against the small one: it should be about 10x (linear).
Baseline in the same run: parsing the same file alone (the floor any import pays). Each import's peak memory
growth (the process's resident set sampled while it runs) shows that a streamed import does not hold the file;
``BENCH_CASH_LONG_LINES`` (e.g. 1000000) adds a third, long file measured the same way.
Target (issue 18): >= 20,000 lines/s end to end, 0 wrong auto-matches, recall >= 97 % on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount, Organisation, User
from backend.domain.cash.exceptions import confirm_match
from backend.domain.cash.models import MatchPattern, RemittanceImport, RemittanceLineRecord
from backend.domain.errors import DomainError
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.references import normalise_reference
from backend.migrations import upgrade_to_head
from bench.book import (
    PER_CUSTOMER,
    TODAY,
    Book,
    invoice_number,
    invoice_total,
    match_quality,
    parse_only,
    po_number,
    remittance_file,
    run_remittance,
)
from bench.load import statements
from documents.storage import LocalDirectoryStore


class PeakMemory:
    """The growth of this process's resident set at its peak while the block runs (sampled every 20 ms), in MB."""

    def __init__(self) -> None:
        self.growth = 0.0

    @staticmethod
    def _resident() -> float:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20

    async def __aenter__(self) -> PeakMemory:
        base = self._resident()

        async def sample() -> None:
            while True:
                self.growth = max(self.growth, self._resident() - base)
                await asyncio.sleep(0.02)

        self._sampling = asyncio.create_task(sample())
        return self

    async def __aexit__(self, *_: object) -> None:
        self._sampling.cancel()


async def _generate(url: str, invoices: int) -> Book:
    await asyncio.to_thread(upgrade_to_head, url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    customers = invoices // PER_CUSTOMER
    async with system_session(sessions) as db:
        existing = (await db.execute(select(func.count()).select_from(Invoice))).scalar_one()
        if existing == invoices:
            print(f"  reusing the {invoices:,} invoices already generated (cash of earlier runs taken off again)")
            await _reset(db)
            await engine.dispose()
            return Book(customers, invoices)
        start = time.perf_counter()
        organisation = uuid.uuid4()
        await db.execute(insert(Organisation), [{"id": organisation, "name": "Bench", "base_currency": "USD"}])
        account_ids = [uuid.uuid4() for _ in range(customers)]
        for chunk in range(0, customers, 5000):
            await db.execute(
                insert(CustomerAccount),
                [
                    {
                        "id": account_ids[c],
                        "organisation_id": organisation,
                        "number": f"C-{c:06d}",
                        "name": f"Customer {c}",
                        "currency": "USD",
                        "payment_terms_days": 30,
                        "credit_limit": Decimal("100000.00"),
                    }
                    for c in range(chunk, min(customers, chunk + 5000))
                ],
            )
        await db.commit()
        now = datetime.now(UTC)
        if url.startswith("postgresql"):
            connection = await db.connection()
            raw = (await connection.get_raw_connection()).driver_connection
            assert raw is not None
            columns = [
                "id", "account_id", "number", "po_number", "number_key", "po_key", "issue_date", "due_date",
                "currency", "total_amount", "paid_amount", "credited_amount", "written_off_amount",
                "disputed_amount", "open_balance", "version", "created_at",
            ]  # fmt: skip
            zero = Decimal("0.00")

            def records(lo: int, hi: int):  # type: ignore[no-untyped-def]
                for seq in range(lo, hi):
                    total = invoice_total(seq)
                    issue = TODAY - timedelta(days=seq % 60)
                    yield (
                        uuid.uuid4(), account_ids[seq // PER_CUSTOMER], invoice_number(seq), po_number(seq),
                        normalise_reference(invoice_number(seq)), normalise_reference(po_number(seq)), issue,
                        issue + timedelta(days=30), "USD", total, zero, zero, zero, zero, total, 1, now,
                    )  # fmt: skip

            for lo in range(0, invoices, 100_000):
                await raw.copy_records_to_table(
                    "invoices", records=records(lo, min(invoices, lo + 100_000)), columns=columns
                )
            await db.commit()
            await db.execute(text("ANALYZE invoices"))
        else:
            for lo in range(0, invoices, 5000):
                rows = []
                for seq in range(lo, min(invoices, lo + 5000)):
                    total = invoice_total(seq)
                    issue = TODAY - timedelta(days=seq % 60)
                    rows.append(
                        {
                            "id": uuid.uuid4(),
                            "account_id": account_ids[seq // PER_CUSTOMER],
                            "number": invoice_number(seq),
                            "po_number": po_number(seq),
                            "number_key": normalise_reference(invoice_number(seq)),
                            "po_key": normalise_reference(po_number(seq)),
                            "issue_date": issue,
                            "due_date": issue + timedelta(days=30),
                            "currency": "USD",
                            "total_amount": total,
                            "open_balance": total,
                            "version": 1,
                            "created_at": now,
                        }
                    )
                await db.execute(insert(Invoice), rows)
        await db.commit()
        print(
            f"  generated {customers:,} customers and {invoices:,} open invoices in {time.perf_counter() - start:.0f} s"
        )
    await engine.dispose()
    return Book(customers, invoices)


async def _reset(db: AsyncSession) -> None:
    """Undo what earlier runs applied, so every invoice is open and unpaid again."""
    tables = (
        "case_flags, cash_match_patterns, remittance_lines, remittance_imports, payment_allocations, payments, "
        "dispute_status_changes, credit_memos, disputes"
    )
    if db.get_bind().dialect.name == "postgresql":
        await db.execute(text(f"TRUNCATE {tables} CASCADE"))
    else:
        for table in tables.split(", "):
            await db.execute(text(f"DELETE FROM {table}"))
    await db.execute(
        text(
            "UPDATE invoices SET paid_amount = 0, disputed_amount = 0, written_off_amount = 0, credited_amount = 0, "
            "open_balance = total_amount WHERE open_balance <> total_amount OR disputed_amount <> 0"
        )
    )
    await db.commit()


async def _long_file(sessions: async_sessionmaker[AsyncSession], book: Book, label: str, lines: int) -> str:
    """A long file (as many lines as the book's invoices allow, each paid once) on a book made unpaid again: its speed
    and the import's peak memory growth, which a streamed import keeps from growing with the file."""
    async with system_session(sessions) as db:
        await _reset(db)
    content, truth = remittance_file(book, min(lines, book.invoices * 8 // 10), 0, seed=11)
    with tempfile.TemporaryDirectory(prefix="recoup-bench-cash-") as folder:
        async with PeakMemory() as memory:
            elapsed, job_id = await run_remittance(
                sessions, LocalDirectoryStore(Path(folder)), content, f"bench-{len(truth)}.csv"
            )
    quality = await match_quality(sessions, job_id, truth)
    return (
        f"  {label} long file {len(truth):,} lines ({len(content) / 2**20:,.0f} MB): {len(truth) / elapsed:,.0f} "
        f"lines/s end to end ({elapsed:.1f} s); memory +{memory.growth:,.0f} MB at the import's peak; "
        f"{quality.wrong:,} wrong, recall {quality.recall:.2%}"
    )


LEARNING_LINES = int(os.environ.get("BENCH_CASH_LEARNING_LINES", "3000"))
HOUSE_SHARE = 0.3
"""Of the learning files' customers, the share that writes references in a house style of its own."""


async def _staff(sessions: async_sessionmaker[AsyncSession]) -> Principal:
    """The bench's clerk, who confirms exceptions (made once per book)."""
    async with system_session(sessions) as db:
        user_id = (await db.execute(select(User.id).where(User.email == "bench-clerk@recoup.example"))).scalar()
        if user_id is None:
            user_id = uuid.uuid4()
            await db.execute(
                insert(User),
                [
                    {
                        "id": user_id,
                        "email": "bench-clerk@recoup.example",
                        "full_name": "Bench Clerk",
                        "role": "ar_clerk",
                    }
                ],
            )
            await db.commit()
    return Principal(user_id=user_id, role="ar_clerk", account_id=None)


async def _confirm_by_truth(
    sessions: async_sessionmaker[AsyncSession], job_id: uuid.UUID, truth: dict[int, frozenset[str]]
) -> int:
    """A clerk applies every exception of the import to the invoices the truth says, one confirmation each."""
    principal = await _staff(sessions)
    async with system_session(sessions) as db:
        waiting = (
            await db.execute(
                select(RemittanceLineRecord.id, RemittanceLineRecord.line).where(
                    RemittanceLineRecord.import_id == job_id, RemittanceLineRecord.status == "exception"
                )
            )
        ).all()
        numbers = sorted({n for _, line in waiting for n in truth[line]})
        ids = dict((await db.execute(select(Invoice.number, Invoice.id).where(Invoice.number.in_(numbers)))).all())
    confirmed = 0
    for line_id, line in waiting:
        async with system_session(sessions) as db:
            try:
                await confirm_match(
                    db,
                    principal=principal,
                    line_id=line_id,
                    invoice_ids=[ids[n] for n in sorted(truth[line])],
                    deduct_remainder=True,
                    now=datetime.now(UTC),
                )
                confirmed += 1
            except DomainError:
                await db.rollback()  # e.g. a group company's invoice: not the paying customer's
    return confirmed


async def _learning(
    sessions: async_sessionmaker[AsyncSession], store: LocalDirectoryStore, book: Book, first: int
) -> list[str]:
    """Two files from the same customers (other invoices), a third of whom write references in a house style:
    the auto-match rate of the second after the first file's exceptions were confirmed by a clerk."""
    rates = []
    for half, seed in ((0, 21), (1, 22)):
        content, truth = remittance_file(book, LEARNING_LINES, first, seed=seed, half=half, house_share=HOUSE_SHARE)
        _elapsed, job_id = await run_remittance(sessions, store, content, f"learning-{half}-{len(truth)}.csv")
        quality = await match_quality(sessions, job_id, truth)
        rates.append(quality)
        if half == 0:
            confirmed = await _confirm_by_truth(sessions, job_id, truth)
    async with system_session(sessions) as db:
        patterns, used = (
            await db.execute(select(func.count(), func.coalesce(func.sum(MatchPattern.applied), 0)))
        ).one()
    before, after = rates
    return [
        f"  learning: first file {before.recall:.2%} auto-matched ({before.wrong} wrong); {confirmed:,} exceptions "
        f"confirmed by a clerk taught {patterns:,} patterns; the second file from the same customers "
        f"{after.recall:.2%} auto-matched ({after.wrong} wrong), {used:,} lines by learned patterns "
        f"(gain {100 * (after.recall - before.recall):+.1f} points)"
    ]


async def _measure(url: str, label: str, invoices: int, lines: int) -> list[str]:
    book = await _generate(url, invoices)
    small_lines = max(1, lines // 10)
    small, small_truth = remittance_file(book, small_lines, 0, seed=10)
    customers_used = small_lines // 30 + 10
    large, large_truth = remittance_file(book, lines, customers_used, seed=int(time.time()) % 100_000)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    results = [f"  {label}: {invoices:,} open invoices"]
    with tempfile.TemporaryDirectory(prefix="recoup-bench-cash-") as folder:
        store = LocalDirectoryStore(Path(folder))
        # the small file first on customers no large file uses; a rerun reuses the book, so clear the small range
        with statements.recording(engine) as small_statements:
            async with PeakMemory() as small_memory:
                small_time, small_id = await run_remittance(sessions, store, small, f"bench-{len(small_truth)}.csv")
        with statements.recording(engine) as large_statements:
            async with PeakMemory() as large_memory:
                large_time, large_id = await run_remittance(sessions, store, large, f"bench-{len(large_truth)}.csv")
        learning = await _learning(sessions, store, book, customers_used + lines // 20 + 10)
        runs = [
            (small_time, small_id, small_truth, small, small_statements, small_memory),
            (large_time, large_id, large_truth, large, large_statements, large_memory),
        ]
    for elapsed, job_id, truth, content, sent, memory in runs:
        quality = await match_quality(sessions, job_id, truth)
        parse = parse_only(content)
        async with system_session(sessions) as db:
            job = await db.get(RemittanceImport, job_id)
            seconds = dict(job.report.get("seconds", {})) if job else {}
        applied_in = seconds.get("read", 0) + seconds.get("post", 0)
        results.append(
            f"  {label} {len(truth):>7,} lines: {len(truth) / elapsed:>7,.0f} lines/s end to end ({elapsed:.1f} s), "
            f"{len(truth) / max(applied_in, 0.001):>7,.0f} lines/s to cash applied (read+match {seconds.get('read')} s, "
            f"post {seconds.get('post')} s; then flags and rules {seconds.get('automation', 0)} s); "
            f"parsing alone {len(truth) / parse:,.0f} lines/s (import = {elapsed / parse:.0f}x parse); "
            f"{1000 * len(sent) / len(truth):.1f} SQL statements per 1,000 lines (COPYs not counted); "
            f"precision {quality.precision:.2%} ({quality.wrong:,} wrong) recall {quality.recall:.2%} {quality.statuses}; "
            f"memory +{memory.growth:,.0f} MB at the import's peak"
        )
        results.append(f"    observed precision of each rule's best candidate: {quality.rule_precision()}")
    results += learning
    if long_lines := int(os.environ.get("BENCH_CASH_LONG_LINES", "0")):
        results.append(await _long_file(sessions, book, label, long_lines))
    results.append(
        f"  {label} growth: {len(large_truth) / len(small_truth):.0f}x the lines took {large_time / small_time:.1f}x the time"
    )
    await engine.dispose()
    return results


def run() -> int:
    lines = int(os.environ.get("BENCH_CASH_LINES", "100000"))
    results = []
    postgres = os.environ.get("RECOUP_BENCH_POSTGRES_URL")
    if postgres:
        invoices = int(os.environ.get("BENCH_CASH_INVOICES", "1000000"))
        print(
            f"cash application: {invoices:,} open invoices, files of {lines // 10:,} and {lines:,} lines (PostgreSQL)"
        )
        results += asyncio.run(_measure(postgres, "PostgreSQL", invoices, lines))
    else:
        print("  (PostgreSQL skipped: set RECOUP_BENCH_POSTGRES_URL, or run make bench)")
    if os.environ.get("BENCH_CASH_SQLITE", "1") == "1":
        invoices = int(os.environ.get("BENCH_CASH_SQLITE_INVOICES", "200000"))
        sqlite_lines = min(lines, invoices // 10)
        print(f"cash application: {invoices:,} open invoices, {sqlite_lines:,} lines (SQLite)")
        with tempfile.TemporaryDirectory(prefix="recoup-bench-cash-db-") as folder:
            results += asyncio.run(
                _measure(f"sqlite+aiosqlite:///{Path(folder) / 'cash.db'}", "SQLite", invoices, sqlite_lines)
            )
    for line in results:
        print(line)
    return 0
