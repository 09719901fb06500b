"""A realistic book generated straight into PostgreSQL with COPY: customers, invoices with lines, deductions, documents.

The invoices follow ``bench.book`` (numbers, POs and totals known from their position), so the
remittance-matching figure runs files with known truth against the same book. Deductions are
spread over the last year in every status, open ones counted in their invoice's disputed amount
(the ledger CHECK constraints hold for every row); documents carry ~150 words of Zipf-distributed
text and are in the full-text index exactly as the extraction job writes them.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from backend.domain.auth.passwords import hash_password
from backend.domain.invoices.references import normalise_reference
from backend.migrations import upgrade_to_head
from bench.book import TODAY, Book, invoice_number, invoice_total, po_number
from bench.load.scale import Scale
from bench.search import DOMAIN_WORDS, _vocabulary, _weights

PASSWORD = "bench-password"
STAFF_ROLES = ("ar_clerk", "collector", "credit_manager", "admin")
OPEN_STATUSES = ("new", "assigned", "in_review", "waiting_on_customer", "waiting_on_internal")
REASONS = ("SHORTAGE", "DAMAGED", "PRICING", "PROMOTION", "FREIGHT", "RETURN")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Dataset:
    """What the suite needs to know about the generated book."""

    book: Book
    staff: dict[str, uuid.UUID]
    """Staff user id by role."""
    customer_users: list[tuple[uuid.UUID, uuid.UUID]]
    """(user id, account id) of the customers who sign in during the run."""
    invoices_by_account: dict[uuid.UUID, list[uuid.UUID]]
    """Open invoice ids of those customers' accounts (what they may file disputes on)."""
    vocabulary: list[str]
    reason_codes: list[str]
    document_pos: list[str]
    """PO numbers some document mentions (what people search the archive for)."""


def _plain_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def _copy(conn: Any, table: str, columns: list[str], records: Iterator[tuple[Any, ...]]) -> None:
    await conn.copy_records_to_table(table, records=records, columns=columns)


async def generate(url: str, scale: Scale) -> Dataset:
    """Migrate an empty database and fill it; refuses a database that already holds invoices."""
    await asyncio.to_thread(upgrade_to_head, url)
    conn = await asyncpg.connect(_plain_url(url))
    try:
        if await conn.fetchval("SELECT count(*) FROM invoices"):
            raise SystemExit(f"{url} already holds invoices: the load suite needs an empty database")
        reason_codes = [r for r in await conn.fetchval("SELECT array_agg(code) FROM reason_codes WHERE active")]
        return await _fill(conn, scale, [r for r in REASONS if r in reason_codes] or reason_codes)
    finally:
        await conn.close()


async def _fill(conn: Any, scale: Scale, reason_codes: list[str]) -> Dataset:
    rng = random.Random(20261202)
    now = datetime.now(UTC)
    book = Book(scale.customers, scale.customers * scale.invoices_per_customer, scale.invoices_per_customer)
    started = time.perf_counter()

    organisation = uuid.uuid4()
    await conn.execute(
        "INSERT INTO organisations (id, name, base_currency, created_at) VALUES ($1, 'Bench Wholesale', 'USD', $2)",
        organisation,
        now,
    )
    accounts = [uuid.uuid4() for _ in range(book.customers)]
    await _copy(
        conn,
        "customer_accounts",
        ["id", "organisation_id", "number", "name", "currency", "payment_terms_days", "credit_limit", "created_at"],
        (
            (a, organisation, f"C-{n:06d}", f"Customer {n} Stores", "USD", 30, Decimal("250000.00"), now)
            for n, a in enumerate(accounts)
        ),
    )
    password_hash = hash_password(PASSWORD)
    staff = {role: uuid.uuid4() for role in STAFF_ROLES}
    customer_users = [(uuid.uuid4(), accounts[n]) for n in range(min(scale.customer_users, book.customers))]
    await _copy(
        conn,
        "users",
        ["id", "email", "full_name", "password_hash", "role", "account_id", "is_active", "created_at"],
        iter(
            [
                (i, f"bench-{r}@recoup.example", f"Bench {r}", password_hash, r, None, True, now)
                for r, i in staff.items()
            ]
            + [
                (
                    u,
                    f"bench-customer-{n}@recoup.example",
                    f"Customer user {n}",
                    password_hash,
                    "customer_user",
                    a,
                    True,
                    now,
                )
                for n, (u, a) in enumerate(customer_users)
            ]
        ),
    )

    # Which invoices carry a deduction: none of the customers the remittance files pay (they stay fully open).
    remittance_customers = scale.remittance_customers
    eligible = book.customers - remittance_customers
    disputed_seqs = rng.sample(range(eligible * book.per_customer), min(scale.deductions, eligible * book.per_customer))
    deductions: dict[int, tuple[str, Decimal]] = {}
    for seq in disputed_seqs:
        share = Decimal(rng.choice(["0.02", "0.05", "0.10", "0.25", "1.00"]))
        amount = max(CENT, (invoice_total(seq) * share).quantize(CENT))
        status = rng.choices(
            [*OPEN_STATUSES, "resolved_invalid", "written_off", "withdrawn"], [30, 14, 8, 5, 3, 20, 12, 8]
        )[0]
        deductions[seq] = (status, amount)

    invoice_ids = [uuid.uuid4() for _ in range(book.invoices)]

    def invoices(lo: int, hi: int) -> Iterator[tuple[Any, ...]]:
        for seq in range(lo, hi):
            total = invoice_total(seq)
            issue = TODAY - timedelta(days=(seq * 37) % 540)  # spread over 18 months: current, overdue, old
            status, amount = deductions.get(seq, ("", ZERO))
            disputed = amount if status in OPEN_STATUSES else ZERO
            written_off = amount if status == "written_off" else ZERO
            yield (
                invoice_ids[seq], accounts[seq // book.per_customer], invoice_number(seq), po_number(seq),
                normalise_reference(invoice_number(seq)), normalise_reference(po_number(seq)), issue,
                issue + timedelta(days=30), "USD", total, ZERO, ZERO, written_off, disputed, total - written_off, 1,
                now - timedelta(days=(seq * 37) % 540),
            )  # fmt: skip

    columns = [
        "id", "account_id", "number", "po_number", "number_key", "po_key", "issue_date", "due_date", "currency",
        "total_amount", "paid_amount", "credited_amount", "written_off_amount", "disputed_amount", "open_balance",
        "version", "created_at",
    ]  # fmt: skip
    line_columns = [
        "id",
        "account_id",
        "invoice_id",
        "line_number",
        "sku",
        "description",
        "quantity",
        "unit_price",
        "amount",
    ]

    def lines(lo: int, hi: int) -> Iterator[tuple[Any, ...]]:
        for seq in range(lo, hi):
            total = invoice_total(seq)
            first = (total * Decimal("0.6")).quantize(CENT)
            for number, amount in ((1, first), (2, total - first)):
                quantity = Decimal(1 + seq % 12)
                yield (
                    uuid.uuid4(), accounts[seq // book.per_customer], invoice_ids[seq], number, f"SKU-{seq % 5000:05d}",
                    f"Case of product {seq % 5000}", quantity, (amount / quantity).quantize(Decimal("0.0001")), amount,
                )  # fmt: skip

    for lo in range(0, book.invoices, 100_000):
        hi = min(book.invoices, lo + 100_000)
        await _copy(conn, "invoices", columns, invoices(lo, hi))
        await _copy(conn, "invoice_lines", line_columns, lines(lo, hi))
    print(f"  {book.invoices:,} invoices with {2 * book.invoices:,} lines in {time.perf_counter() - started:.0f} s")

    step = time.perf_counter()
    staff_ids = list(staff.values())
    dispute_ids: dict[int, uuid.UUID] = {seq: uuid.uuid4() for seq in deductions}

    def disputes() -> Iterator[tuple[Any, ...]]:
        for seq, (status, amount) in deductions.items():
            opened = now - timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
            origin = "remittance" if rng.random() < 0.7 else "portal"
            assignee = None if status == "new" else rng.choice(staff_ids)
            took = timedelta(days=rng.randint(1, 30))  # decided in 1–30 days, and never after now
            resolved = (
                max(min(opened + took, now - timedelta(hours=6)), opened) if status not in OPEN_STATUSES else None
            )
            yield (
                dispute_ids[seq], accounts[seq // book.per_customer], invoice_ids[seq], rng.choice(reason_codes),
                origin, status, amount, "generated", assignee, (opened + timedelta(days=30)).date(), resolved, 1,
                opened,
            )  # fmt: skip

    await _copy(
        conn,
        "disputes",
        [
            "id",
            "account_id",
            "invoice_id",
            "reason_code",
            "origin",
            "status",
            "amount",
            "description",
            "assignee_id",
            "due_on",
            "resolved_at",
            "version",
            "created_at",
        ],
        disputes(),
    )
    print(f"  {len(deductions):,} deductions in {time.perf_counter() - step:.0f} s")

    step = time.perf_counter()
    vocabulary = _vocabulary(rng)
    weights = _weights(len(vocabulary))
    disputed = list(dispute_ids.items())
    document_ids = [uuid.uuid4() for _ in range(scale.documents)]
    texts: list[tuple[Any, ...]] = []
    document_pos: list[str] = []

    def documents() -> Iterator[tuple[Any, ...]]:
        for n, document_id in enumerate(document_ids):
            if n % 2 == 0 and disputed:
                seq, dispute_id = disputed[n // 2 % len(disputed)]
            else:
                seq, dispute_id = rng.randrange(book.invoices), None
            account = accounts[seq // book.per_customer]
            internal = n % 50 == 0
            body = " ".join(rng.choices(vocabulary, weights=weights, k=rng.randint(80, 220)))
            body += f" invoice {invoice_number(seq)} {po_number(seq)} {rng.choice(DOMAIN_WORDS)}"
            if n % 997 == 0:
                document_pos.append(po_number(seq).removeprefix("PO-"))
            filename = f"POD {invoice_number(seq)}.pdf"
            texts.append(
                (
                    document_id,
                    account,
                    internal,
                    body,
                    f"{filename} proof of delivery C-{seq // book.per_customer:06d}",
                    now,
                )
            )
            yield (
                document_id, account, invoice_ids[seq], dispute_id, f"{account}/{document_id}", filename,
                "application/pdf", "proof_of_delivery", len(body), "stored", internal, 1, True, "done", 1,
                now - timedelta(minutes=n),
            )  # fmt: skip

    await _copy(
        conn,
        "documents",
        [
            "id",
            "account_id",
            "invoice_id",
            "dispute_id",
            "storage_key",
            "filename",
            "content_type",
            "document_type",
            "size_bytes",
            "status",
            "is_internal",
            "version_number",
            "is_current",
            "extraction_status",
            "extraction_attempts",
            "created_at",
        ],
        documents(),
    )
    await _copy(
        conn,
        "document_texts",
        ["document_id", "account_id", "is_internal", "body", "metadata_text", "extracted_at"],
        iter(texts),
    )
    # The index row exactly as backend.domain.search.index writes it (codes split at joiners, as searchable() does).
    await conn.execute(
        r"""INSERT INTO document_search
            (document_id, account_id, is_internal, created_at, document_type, status, is_current, vector)
        SELECT d.id, d.account_id, d.is_internal, d.created_at, d.document_type, d.status, d.is_current,
               setweight(to_tsvector('english', regexp_replace(t.metadata_text, '(\w)[-./_#:](?=\w)', '\1 ', 'g')), 'A')
            || setweight(to_tsvector('english', regexp_replace(t.body, '(\w)[-./_#:](?=\w)', '\1 ', 'g')), 'B')
        FROM document_texts AS t JOIN documents AS d ON d.id = t.document_id"""
    )
    print(f"  {scale.documents:,} documents, text indexed, in {time.perf_counter() - step:.0f} s")
    await conn.execute("VACUUM ANALYZE")  # as autovacuum leaves a settled database: visibility maps set

    users_accounts = {a for _, a in customer_users}
    invoices_by_account: dict[uuid.UUID, list[uuid.UUID]] = {a: [] for a in users_accounts}
    for seq in range(min(scale.customer_users, book.customers) * book.per_customer):
        if seq not in deductions:  # nothing claimed yet: the whole balance may be disputed
            invoices_by_account[accounts[seq // book.per_customer]].append(invoice_ids[seq])
    print(f"  generated in {time.perf_counter() - started:.0f} s")
    return Dataset(book, staff, customer_users, invoices_by_account, vocabulary, reason_codes, document_pos)
