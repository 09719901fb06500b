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
from backend.domain.cash.importer import Matcher
from backend.domain.cash.matching import OpenInvoice
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.cash.remittance import RemittanceLine
from backend.domain.cash.service import Submitter, run_import, submit_import
from backend.domain.invoices.references import normalise_reference
from documents.storage import LocalDirectoryStore

PER_CUSTOMER = 50
HEADER = (
    "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,"
    "adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"
)
TODAY = date(2026, 11, 30)
NOISE = [  # (kind, share)
    ("exact", 0.63),
    ("variant", 0.08),
    ("po", 0.04),
    ("typo", 0.05),
    ("ocr", 0.02),  # a scanned number: O for 0, I for 1, S for 5
    ("missing", 0.03),
    ("short", 0.05),
    ("discount", 0.015),  # 2 % early-payment discount, stated as the adjustment (within terms)
    ("unearned", 0.01),  # the same discount taken without saying so (outside terms: a short pay)
    ("pair", 0.03),
    ("text", 0.01),  # three invoices named in one free-text line
    ("lump", 0.01),  # one payment for two or three invoices with no breakdown at all
    ("partial", 0.01),  # an invoice paid in two instalments, each saying so
    ("group", 0.005),  # a customer paying its group company's invoice
]
_SCANNED = str.maketrans("015", "OIS")


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


def _quoted(value: str) -> str:
    return f'"{value}"' if "," in value else value


def scanned(number: str, rng: random.Random) -> str:
    """The number as a scanner reads it: one of its 0, 1 or 5 digits read as O, I or S."""
    digits = [i for i, ch in enumerate(number) if ch in "015" and i >= 4]
    i = rng.choice(digits)
    return number[:i] + number[i].translate(_SCANNED) + number[i + 1 :]


def house_style(customer: int, number: str) -> str:
    """How a customer with a payables system of its own writes a reference: its run, the number's digits, the year."""
    return f"RA/{customer:05d}/{number[4:]}/26"


def remittance_file(
    book: Book, lines: int, first_customer: int, seed: int, *, half: int | None = None, house_share: float = 0.0
) -> tuple[bytes, dict[int, frozenset[str]]]:
    """A lockbox file of about ``lines`` lines from customers ``first_customer``… and the truth per line.

    ``half`` (0 or 1): only the customers' even or odd invoices, so a second file from the same customers pays
    other invoices. ``house_share``: that share of the customers writes every single-invoice reference in a house
    style (:func:`house_style`) that no built-in rule reads, for measuring what matching learns from staff."""
    rng = random.Random(seed)
    kinds = [k for k, _ in NOISE]
    weights = [w for _, w in NOISE]
    out = [HEADER]
    truth: dict[int, frozenset[str]] = {}
    row = 2
    customer = first_customer
    later: list[tuple[int, str, Decimal, str]] = []
    """Second instalments of partial payments: paid at the end of the file, each on a cheque of its own."""
    spent: set[int] = set()
    """Invoices of the next customer that a group company already paid."""
    while row - 2 < lines:
        if customer >= book.customers:
            raise SystemExit("not enough customers for that many lines; raise BENCH_CASH_INVOICES")
        base = customer * book.per_customer
        unused = [
            seq
            for seq in range(base, base + book.per_customer)
            if seq not in spent and (half is None or seq % 2 == half)
        ]
        house = (customer * 7919) % 1000 < house_share * 1000
        rng.shuffle(unused)
        while len(unused) >= 6 and row - 2 < lines:
            reference = f"CHK-{seed}-{row}"
            group: list[tuple[str, Decimal, Decimal, str, frozenset[str]]] = []
            texts: dict[int, str] = {}
            for _ in range(rng.randint(1, 4)):
                if len(unused) < 3:  # a lump sum or a text line takes up to three
                    break
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
                elif kind == "ocr":
                    ref = scanned(number, rng)
                elif kind == "missing":
                    ref = ""
                elif kind == "short":
                    adjustment = (total * Decimal(rng.choice(["0.02", "0.05", "0.10"]))).quantize(Decimal("0.01"))
                    code = rng.choice(["04", "06", "01", "22"])
                elif kind == "discount":
                    adjustment = (total * Decimal("0.02")).quantize(Decimal("0.01"))
                    texts[len(group)] = "2% early payment discount"
                elif kind == "unearned":
                    ref = house_style(customer, number) if house else ref
                    group.append((ref, total - (total * Decimal("0.02")).quantize(Decimal("0.01")), adjustment,
                                  code, frozenset({number})))  # fmt: skip
                    continue
                elif kind in ("pair", "text", "lump"):
                    others = [unused.pop() for _ in range(1 if kind == "pair" else rng.randint(2, 3) - 1)]
                    numbers = [number, *(invoice_number(o) for o in others)]
                    ref = {"pair": " ".join(numbers), "text": f"Paying {', '.join(numbers[:-1])} and {numbers[-1]}",
                           "lump": ""}[kind]  # fmt: skip
                    paid = total + sum((invoice_total(o) for o in others), Decimal("0.00"))
                    group.append((ref, paid, adjustment, code, frozenset(numbers)))
                    continue
                elif kind == "partial":
                    first = (total * Decimal(rng.choice(["0.4", "0.5", "0.6"]))).quantize(Decimal("0.01"))
                    texts[len(group)] = "partial payment"
                    group.append((ref, first, adjustment, code, frozenset({number})))
                    later.append((customer, ref, total - first, number))
                    continue
                elif kind == "group":
                    if customer + 1 >= book.customers:
                        continue
                    sibling = (customer + 1) * book.per_customer + rng.randrange(book.per_customer)
                    if sibling in spent:
                        continue
                    spent.add(sibling)
                    unused.append(seq)
                    group.append((invoice_number(sibling), invoice_total(sibling), adjustment, code,
                                  frozenset({invoice_number(sibling)})))  # fmt: skip
                    continue
                if house:
                    ref = house_style(customer, number)
                group.append((ref, total - adjustment, adjustment, code, frozenset({number})))
            if not group:
                continue
            amount = sum((paid for _, paid, _, _, _ in group), Decimal("0.00"))
            for place, (ref, paid, adjustment, code, invoices) in enumerate(group):
                text_ = "short shipped" if code == "06" else ("damaged" if code == "04" else texts.get(place, ""))
                scheme = "x12" if code else ""
                out.append(
                    f"{reference},{TODAY.isoformat()},C-{customer:06d},{amount},{_quoted(ref)},{paid},{adjustment},{scheme},{code},{text_}\n"
                )
                truth[row] = invoices
                row += 1
        customer += 1
    for customer_, ref, paid, number in later:
        out.append(
            f"CHK-{seed}-{row},{TODAY.isoformat()},C-{customer_:06d},{paid},{ref},{paid},0.00,,,partial payment (balance)\n"
        )
        truth[row] = frozenset({number})
        row += 1
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


@dataclass
class MatchQuality:
    """How an import's matching compares with the truth: precision and recall of what was applied without a
    person, and per rule how often the line's best candidate named exactly the true invoices (applied or not)."""

    applied: int
    correct: int
    lines: int
    statuses: dict[str, int]
    rules: dict[tuple[str, Decimal], list[int]]
    """(rule, confidence): [best candidate right, best candidate wrong, of them applied]"""

    @property
    def precision(self) -> float:
        return self.correct / max(self.applied, 1)

    @property
    def recall(self) -> float:
        return self.correct / max(self.lines, 1)

    @property
    def wrong(self) -> int:
        return self.applied - self.correct

    def rule_precision(self) -> str:
        return ", ".join(
            f"{rule} {confidence}: {right / max(right + wrong, 1):.2%} of {right + wrong:,} ({applied:,} applied)"
            for (rule, confidence), (right, wrong, applied) in sorted(
                self.rules.items(), key=lambda kv: -sum(kv[1][:2])
            )
        )


def tally(
    quality: MatchQuality, status: str, best: tuple[str, Decimal] | None, numbers: frozenset[str], truth: frozenset[str]
) -> None:
    """Count one line: its status, and its best candidate (rule and confidence) right or wrong."""
    quality.statuses[status] = quality.statuses.get(status, 0) + 1
    if best is None:
        return
    counts = quality.rules.setdefault(best, [0, 0, 0])
    counts[0 if numbers == truth else 1] += 1
    if status == "applied":
        counts[2] += 1
        quality.applied += 1
        quality.correct += numbers == truth


def match_in_memory(book: Book, content: bytes, truth: dict[int, frozenset[str]], threshold: Decimal) -> MatchQuality:
    """The file's lines through the import's own matcher (``Matcher._plan``) over the whole book held in memory,
    compared with the truth: no database, so a test can run many generated variants in seconds."""
    matcher = Matcher(None, threshold)  # type: ignore[arg-type]  # never opens a session: nothing to load
    accounts = [uuid.UUID(int=c + 1) for c in range(book.customers)]
    for customer, account in enumerate(accounts):
        matcher.accounts[f"C-{customer:06d}"] = account
        matcher.account_currency[account] = "USD"
    for seq in range(book.invoices):
        issue = TODAY - timedelta(days=seq % 60)
        number = invoice_number(seq)
        matcher.index.add(
            OpenInvoice(uuid.UUID(int=10**9 + seq), accounts[seq // book.per_customer], number,
                        normalise_reference(number), normalise_reference(po_number(seq)), invoice_total(seq),
                        issue, issue + timedelta(days=30))
        )  # fmt: skip
    matcher.index.complete_accounts.update(accounts)
    quality = MatchQuality(0, 0, len(truth), {}, {})
    for item in FORMATS["lockbox_csv"](io.BytesIO(content)):
        assert isinstance(item, RemittanceLine), item
        plan = matcher._plan(item)
        best = plan.candidate or (plan.suggestions[0] if plan.suggestions else None)
        numbers = frozenset(i.number for i in best.invoices) if best else frozenset()
        tally(quality, plan.status, (best.rule, best.confidence) if best else None, numbers, truth[item.line])
    return quality


async def match_quality(
    sessions: async_sessionmaker[AsyncSession], job_id: uuid.UUID, truth: dict[int, frozenset[str]]
) -> MatchQuality:
    async with system_session(sessions) as db:
        rows = (
            await db.execute(
                select(
                    RemittanceLineRecord.line,
                    RemittanceLineRecord.status,
                    RemittanceLineRecord.rule,
                    RemittanceLineRecord.confidence,
                    RemittanceLineRecord.applied_to,
                    RemittanceLineRecord.suggestions,
                ).where(RemittanceLineRecord.import_id == job_id)
            )
        ).all()
    quality = MatchQuality(0, 0, len(truth), {}, {})
    for line, status, rule, confidence, applied_to, suggestions in rows:
        if status == "applied":
            tally(quality, status, (rule, confidence), frozenset(a["number"] for a in applied_to), truth[line])
        elif suggestions:
            best = (suggestions[0]["rule"], Decimal(suggestions[0]["confidence"]))
            tally(quality, status, best, frozenset(suggestions[0]["numbers"]), truth[line])
        else:
            tally(quality, status, None, frozenset(), truth[line])
    return quality
