"""A generated book of open invoices with known numbers and totals, and remittance files paying it with known truth.

Shared by the cash-application benchmark and the load suite: invoice ``seq`` of the book is
``INV-<seq>``, PO ``PO-<4500000000 + seq>``, with a total drawn from the seq, on customer
``seq // per_customer``; a remittance file pays invoices of a range of customers with realistic noise.
"""

from __future__ import annotations

import io
import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.domain.accounts.models import User
from backend.domain.cash.formats import FORMATS
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.cash.service import Submitter, run_import, submit_import
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
    """A generated book: ``customers`` accounts C-000000…, each with ``per_customer`` consecutive invoices."""

    customers: int
    invoices: int
    per_customer: int = PER_CUSTOMER


def invoice_number(seq: int) -> str:
    return f"INV-{seq:08d}"


def po_number(seq: int) -> str:
    return f"PO-{4500000000 + seq}"


def invoice_total(seq: int) -> Decimal:
    rng = random.Random(seq * 7919)
    return Decimal(rng.randint(5_000, 500_000)) / 100


def typo(number: str, rng: random.Random) -> str:
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    i = rng.choice(digits[-5:])
    replacement = str((int(number[i]) + rng.randint(1, 9)) % 10)
    return number[:i] + replacement + number[i + 1 :]


def remittance_file(book: Book, lines: int, first_customer: int, seed: int) -> tuple[bytes, dict[int, frozenset[str]]]:
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
        base = customer * book.per_customer
        unused = list(range(base, base + book.per_customer))
        rng.shuffle(unused)
        while len(unused) >= 6 and row - 2 < lines:
            reference = f"CHK-{seed}-{row}"
            group: list[tuple[str, Decimal, Decimal, str, frozenset[str]]] = []
            for _ in range(rng.randint(1, 4)):
                kind = rng.choices(kinds, weights)[0]
                seq = unused.pop()
                number, total = invoice_number(seq), invoice_total(seq)
                adjustment, code, ref = Decimal("0.00"), "", number
                if kind == "variant":
                    ref = rng.choice(
                        [number.lower(), number.replace("-", " "), f"{int(number[4:])}", f"inv{number[4:]}"]
                    )
                elif kind == "po":
                    ref = po_number(seq)
                elif kind == "typo":
                    ref = typo(number, rng)
                elif kind == "missing":
                    ref = ""
                elif kind == "short":
                    adjustment = (total * Decimal(rng.choice(["0.02", "0.05", "0.10"]))).quantize(Decimal("0.01"))
                    code = rng.choice(["04", "06", "01", "22"])
                elif kind == "pair":
                    other = unused.pop()
                    ref = f"{number} {invoice_number(other)}"
                    group.append(
                        (
                            ref,
                            total + invoice_total(other),
                            adjustment,
                            code,
                            frozenset({number, invoice_number(other)}),
                        )
                    )
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


def parse_only(content: bytes) -> float:
    start = time.perf_counter()
    count = sum(1 for _ in FORMATS["lockbox_csv"](io.BytesIO(content)))
    assert count > 0
    return time.perf_counter() - start


async def run_remittance(
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
    if submission.duplicate:
        raise SystemExit(
            f"the remittance file {name} was imported into this book by an earlier run (a kept book, "
            "BENCH_KEEP_BOOK=1): its payments are applied already. Measure remittance matching on a fresh book, or "
            "skip it with BENCH_REMITTANCE=0."
        )
    start = time.perf_counter()
    status = await run_import(sessions, store, job_id, now=datetime.now(UTC), lease=timedelta(hours=1))
    elapsed = time.perf_counter() - start
    if status != "applied":
        async with system_session(sessions) as db:
            failed = await db.get(RemittanceImport, job_id)
            raise SystemExit(f"import {name} ended {status}: {failed.message if failed else ''}")
    return elapsed, job_id


async def match_quality(
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
