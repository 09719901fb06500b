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
Baseline in the same run: parsing the same file alone (the floor any import pays).
Target (issue 6): >= 20,000 lines/s and precision >= 99.5 % on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.domain.accounts.models import CustomerAccount, Organisation, User
from backend.domain.cash.formats import FORMATS
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.cash.service import Submitter, run_import, submit_import
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.references import normalise_reference
from backend.migrations import upgrade_to_head
from documents.storage import LocalDirectoryStore

PER_CUSTOMER = 50
HEADER = (
    "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,"
    "adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"
)
TODAY = date(2026, 11, 30)
NOISE = [  # (kind, share)
    ("exact", 0.72),
    ("variant", 0.08),
    ("po", 0.04),
    ("typo", 0.05),
    ("missing", 0.03),
    ("short", 0.05),
    ("pair", 0.03),
]


@dataclass(frozen=True)
class Book:
    customers: int
    invoices: int


def _number(seq: int) -> str:
    return f"INV-{seq:08d}"


def _po(seq: int) -> str:
    return f"PO-{4500000000 + seq}"


def _amount(seq: int) -> Decimal:
    rng = random.Random(seq * 7919)
    return Decimal(rng.randint(5_000, 500_000)) / 100


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
                    total = _amount(seq)
                    issue = TODAY - timedelta(days=seq % 60)
                    yield (
                        uuid.uuid4(), account_ids[seq // PER_CUSTOMER], _number(seq), _po(seq),
                        normalise_reference(_number(seq)), normalise_reference(_po(seq)), issue,
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
                    total = _amount(seq)
                    issue = TODAY - timedelta(days=seq % 60)
                    rows.append(
                        {
                            "id": uuid.uuid4(),
                            "account_id": account_ids[seq // PER_CUSTOMER],
                            "number": _number(seq),
                            "po_number": _po(seq),
                            "number_key": normalise_reference(_number(seq)),
                            "po_key": normalise_reference(_po(seq)),
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
        "case_flags, remittance_lines, remittance_imports, payment_allocations, payments, "
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


def _typo(number: str, rng: random.Random) -> str:
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    i = rng.choice(digits[-5:])
    replacement = str((int(number[i]) + rng.randint(1, 9)) % 10)
    return number[:i] + replacement + number[i + 1 :]


def _file(book: Book, lines: int, first_customer: int, seed: int) -> tuple[bytes, dict[int, frozenset[str]]]:
    """A lockbox file of about ``lines`` lines from customers ``first_customer``… and the truth per line."""
    rng = random.Random(seed)
    kinds = [k for k, _ in NOISE]
    weights = [w for _, w in NOISE]
    out = [HEADER]
    truth: dict[int, frozenset[str]] = {}
    row = 2
    customer = first_customer
    while row - 2 < lines:
        if customer >= book.customers:
            raise SystemExit("not enough customers for that many lines; raise BENCH_CASH_INVOICES")
        base = customer * PER_CUSTOMER
        unused = list(range(base, base + PER_CUSTOMER))
        rng.shuffle(unused)
        while len(unused) >= 6 and row - 2 < lines:
            reference = f"CHK-{seed}-{row}"
            group: list[tuple[str, Decimal, Decimal, str, frozenset[str]]] = []
            for _ in range(rng.randint(1, 4)):
                kind = rng.choices(kinds, weights)[0]
                seq = unused.pop()
                number, total = _number(seq), _amount(seq)
                adjustment, code, ref = Decimal("0.00"), "", number
                if kind == "variant":
                    ref = rng.choice(
                        [number.lower(), number.replace("-", " "), f"{int(number[4:])}", f"inv{number[4:]}"]
                    )
                elif kind == "po":
                    ref = _po(seq)
                elif kind == "typo":
                    ref = _typo(number, rng)
                elif kind == "missing":
                    ref = ""
                elif kind == "short":
                    adjustment = (total * Decimal(rng.choice(["0.02", "0.05", "0.10"]))).quantize(Decimal("0.01"))
                    code = rng.choice(["04", "06", "01", "22"])
                elif kind == "pair":
                    other = unused.pop()
                    ref = f"{number} {_number(other)}"
                    group.append((ref, total + _amount(other), adjustment, code, frozenset({number, _number(other)})))
                    continue
                group.append((ref, total - adjustment, adjustment, code, frozenset({number})))
            amount = sum((paid for _, paid, _, _, _ in group), Decimal("0.00"))
            for ref, paid, adjustment, code, invoices in group:
                text_ = "short shipped" if code == "06" else ("damaged" if code == "04" else "")
                scheme = "x12" if code else ""
                out.append(
                    f"{reference},{TODAY.isoformat()},C-{customer:06d},{amount},{ref},{paid},{adjustment},{scheme},{code},{text_}\n"
                )
                truth[row] = invoices
                row += 1
        customer += 1
    return "".join(out).encode(), truth


def _parse_only(content: bytes) -> float:
    import io

    start = time.perf_counter()
    count = sum(1 for _ in FORMATS["lockbox_csv"](io.BytesIO(content)))
    assert count > 0
    return time.perf_counter() - start


async def _run_file(
    sessions: async_sessionmaker[AsyncSession], store: LocalDirectoryStore, content: bytes, name: str
) -> tuple[float, uuid.UUID]:
    """Submit the file as staff do, then time its job (what the worker runs)."""
    async with system_session(sessions) as db:
        user = (await db.execute(select(User.id).limit(1))).scalar_one_or_none()
        submission = await submit_import(
            db,
            store,
            submitter=Submitter(user_id=user),
            filename=name,
            chunks=[content],
            file_format="lockbox_csv",
            accept_valid=False,
            now=datetime.now(UTC),
        )
        job_id = submission.job.id
    start = time.perf_counter()
    status = await run_import(sessions, store, job_id, now=datetime.now(UTC), lease=timedelta(hours=1))
    elapsed = time.perf_counter() - start
    if status != "applied":
        async with system_session(sessions) as db:
            failed = await db.get(RemittanceImport, job_id)
            raise SystemExit(f"import {name} ended {status}: {failed.message if failed else ''}")
    return elapsed, job_id


async def _quality(
    sessions: async_sessionmaker[AsyncSession], job_id: uuid.UUID, truth: dict[int, frozenset[str]]
) -> tuple[float, float, dict[str, int]]:
    async with system_session(sessions) as db:
        rows = (
            await db.execute(
                select(RemittanceLineRecord.line, RemittanceLineRecord.status, RemittanceLineRecord.applied_to).where(
                    RemittanceLineRecord.import_id == job_id
                )
            )
        ).all()
    applied = correct = 0
    statuses: dict[str, int] = {}
    for line, status, applied_to in rows:
        statuses[status] = statuses.get(status, 0) + 1
        if status != "applied":
            continue
        applied += 1
        if frozenset(a["number"] for a in applied_to) == truth[line]:
            correct += 1
    return correct / max(applied, 1), correct / max(len(truth), 1), statuses


async def _measure(url: str, label: str, invoices: int, lines: int) -> list[str]:
    book = await _generate(url, invoices)
    small_lines = max(1, lines // 10)
    small, small_truth = _file(book, small_lines, 0, seed=10)
    customers_used = small_lines // 30 + 10
    large, large_truth = _file(book, lines, customers_used, seed=int(time.time()) % 100_000)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    results = [f"  {label}: {invoices:,} open invoices"]
    with tempfile.TemporaryDirectory(prefix="recoup-bench-cash-") as folder:
        store = LocalDirectoryStore(Path(folder))
        # the small file first on customers no large file uses; a rerun reuses the book, so clear the small range
        small_time, small_id = await _run_file(sessions, store, small, f"bench-{len(small_truth)}.csv")
        large_time, large_id = await _run_file(sessions, store, large, f"bench-{len(large_truth)}.csv")
    for elapsed, job_id, truth, content in (
        (small_time, small_id, small_truth, small),
        (large_time, large_id, large_truth, large),
    ):
        precision, recall, statuses = await _quality(sessions, job_id, truth)
        parse = _parse_only(content)
        async with system_session(sessions) as db:
            job = await db.get(RemittanceImport, job_id)
            seconds = dict(job.report.get("seconds", {})) if job else {}
        applied_in = seconds.get("read", 0) + seconds.get("post", 0)
        results.append(
            f"  {label} {len(truth):>7,} lines: {len(truth) / elapsed:>7,.0f} lines/s end to end ({elapsed:.1f} s), "
            f"{len(truth) / max(applied_in, 0.001):>7,.0f} lines/s to cash applied (read+match {seconds.get('read')} s, "
            f"post {seconds.get('post')} s; then flags and rules {seconds.get('automation', 0)} s); "
            f"parsing alone {len(truth) / parse:,.0f} lines/s (import = {elapsed / parse:.0f}x parse); "
            f"precision {precision:.2%} recall {recall:.2%} {statuses}"
        )
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
