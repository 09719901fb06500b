"""Reading and matching a remittance file: its lines, batch by batch, planned against the open invoices.

The file streams through its parser in batches; each batch costs a constant number of queries
(the accounts it names, the open invoices its references point at, and — only for lines no
reference identifies — every open invoice of those customers). Matching is in memory
(``matching.py``), in file order, and what a line uses of an invoice is taken off the snapshot
and remembered (``Matcher.used``), so two lines can never spend the same balance, even after the
matcher forgot the invoice (past ``MAX_HELD``) and read it again. ``applying.py`` drives it: the
plans of each batch are posted as they are made (PostgreSQL), or all of them at the end.

Then each payment (lines with the same customer and payment reference) is checked as a
whole: its lines add up to it, it was not imported before. A line that is wrong makes
the file ``rejected`` — nothing changes — unless the user chose to accept the good lines:
then every payment with a wrong line is left out whole, and the report names each line.

Posting is one transaction (``posting.py``). Its invoice updates are guarded in SQL (never
below the collectible balance), so an invoice changed by someone else since it was read fails
the job cleanly (``failed``, nothing changed); it can be imported again.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.db.lists import among
from backend.domain.accounts.models import CustomerAccount
from backend.domain.cash.advices import AdviceExpander
from backend.domain.cash.formats import RemittanceParser, parser_for
from backend.domain.cash.learning import patterns_of
from backend.domain.cash.lease import set_progress
from backend.domain.cash.matching import (
    PARTIAL,
    Allocation,
    Candidate,
    InvoiceIndex,
    OpenInvoice,
    allocations_for,
    candidates_for,
)
from backend.domain.cash.models import CashApplicationSettings, RemittanceImport
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.references import normalise_reference, scanned_reference
from backend.domain.payments.models import Payment
from documents.storage import DocumentStore

log = logging.getLogger("recoup.cash")
ZERO = Decimal("0.00")
BATCH = 2000
MAX_HELD = 100_000
"""Open invoices the matcher keeps between batches; past it they are forgotten and read again when a batch needs
them (what the file used of each is remembered apart, in ``Matcher.used``), so a long file's memory stays bounded."""
DEFAULT_THRESHOLD = Decimal("0.90")
LIVE_STATUSES = ("queued", "reading", "applying", "applied", "partially_applied")


@dataclass
class PlannedLine:
    """What the import will do with one line of the file."""

    line: int
    status: str
    """applied | exception | error | skipped | not_applied"""
    message: str = ""
    source: RemittanceLine | None = None
    account_id: uuid.UUID | None = None
    candidate: Candidate | None = None
    allocations: list[Allocation] = field(default_factory=list)
    suggestions: list[Candidate] = field(default_factory=list)
    payment_id: uuid.UUID | None = None
    """Set when posted: the payment it belongs to, and the deduction its short pay became."""
    deduction_id: uuid.UUID | None = None

    @property
    def payment_key(self) -> tuple[uuid.UUID, str] | None:
        if self.source is None or self.account_id is None:
            return None
        return self.account_id, self.source.payment_reference


def _snapshot(row: Any, used: Decimal) -> OpenInvoice:
    """The invoice as matching sees it: what earlier lines of the file used of it taken off."""
    return OpenInvoice(
        id=row.id,
        account_id=row.account_id,
        number=row.number,
        number_key=row.number_key,
        po_key=row.po_key,
        collectible=row.open_balance - row.disputed_amount - used,
        issue_date=row.issue_date,
        due_date=row.due_date,
    )


_INVOICES = Invoice.__table__
assert isinstance(_INVOICES, Table)
_OPEN_COLUMNS = tuple(
    _INVOICES.c[name]
    for name in (
        "id", "account_id", "number", "number_key", "po_key", "open_balance", "disputed_amount", "issue_date",
        "due_date",
    )
)  # fmt: skip
"""Read as table columns (a Core statement): the ORM's row handling was a third of reading the invoices."""
_STILL_OPEN = _INVOICES.c.open_balance > _INVOICES.c.disputed_amount


async def auto_apply_threshold(session: AsyncSession) -> Decimal:
    row = await session.get(CashApplicationSettings, 1)
    return row.auto_apply_threshold if row is not None else DEFAULT_THRESHOLD


class Matcher:
    """Phase 1 state: the accounts and open invoices seen so far, and every line's plan."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], threshold: Decimal) -> None:
        self.sessions = sessions
        self.threshold = threshold
        self.index = InvoiceIndex()
        self.accounts: dict[str, uuid.UUID | None] = {}
        self.account_currency: dict[uuid.UUID, str] = {}
        self.plans: list[PlannedLine] = []
        self.patterns_loaded: set[uuid.UUID] = set()
        self.used: dict[uuid.UUID, Decimal] = {}
        """What lines of the file applied or held of each invoice so far (the database shows it only at the commit)."""

    async def _load_accounts(self, session: AsyncSession, numbers: set[str]) -> None:
        wanted = [n for n in numbers if n and n not in self.accounts]
        if not wanted:
            return
        for number, account_id, currency in await session.execute(
            select(CustomerAccount.number, CustomerAccount.id, CustomerAccount.currency).where(
                among(session, CustomerAccount.number, wanted)
            )
        ):
            self.accounts[number] = account_id
            self.account_currency[account_id] = currency
        for number in wanted:
            self.accounts.setdefault(number, None)

    async def _load_patterns(self, session: AsyncSession, lines: list[RemittanceLine]) -> None:
        """The learned patterns of the batch's customers not seen yet (``learning.py``), in one statement."""
        wanted = {a for line in lines if (a := self._account_of(line)) is not None and a not in self.patterns_loaded}
        for pattern in await patterns_of(session, wanted):
            self.index.patterns[pattern.account_id].append(pattern)
        self.patterns_loaded |= wanted

    async def _load_references(self, session: AsyncSession, lines: list[RemittanceLine]) -> None:
        """The open invoices the batch's references name: first by number (most lines name one exactly), then by
        normalised, scanned and learned keys for the lines no number of their customer settles."""
        texts = {line.line: {line.invoice_reference, *line.invoice_reference.replace(",", " ").split()} - {""}
                 for line in lines}  # fmt: skip
        await self._load_open(
            session, [_INVOICES.c.number], sorted({t[:32] for found in texts.values() for t in found})
        )
        keys: set[str] = set()
        for line in lines:
            account_id = self._account_of(line)
            exact = self.index.number(line.invoice_reference)
            if exact is not None and (account_id is None or exact.account_id == account_id):
                continue
            for text in texts[line.line]:
                keys.update(key[:64] for key in (normalise_reference(text), scanned_reference(text)) if key)
            if account_id is not None:
                keys.update(
                    read[:64]
                    for p in self.index.patterns.get(account_id, ())
                    if (read := p.key_in(line.invoice_reference))
                )
        await self._load_open(session, [_INVOICES.c.number_key, _INVOICES.c.po_key], sorted(keys))

    async def _load_open(self, session: AsyncSession, columns: list[Any], values: list[str]) -> None:
        """Into the index: the open invoices whose ``columns`` (any of them) hold one of ``values``, 1,000 a
        statement."""
        for start in range(0, len(values), 1000):
            chunk = values[start : start + 1000]
            rows = await session.execute(
                select(*_OPEN_COLUMNS).where(
                    or_(*(among(session, column, chunk) for column in columns)),
                    _STILL_OPEN,
                )
            )
            known, used = self.index.by_id, self.used
            for row in rows:
                if row.id not in known:  # the one held already is as the file's lines left it
                    self.index.add(_snapshot(row, used.get(row.id, ZERO)))
                self.account_currency.setdefault(row.account_id, "")

    async def _load_whole_accounts(self, session: AsyncSession, account_ids: set[uuid.UUID]) -> None:
        wanted = sorted(account_ids - self.index.complete_accounts)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = await session.execute(
                select(*_OPEN_COLUMNS).where(among(session, _INVOICES.c.account_id, chunk), _STILL_OPEN)
            )
            known, used = self.index.by_id, self.used
            for row in rows:
                if row.id not in known:
                    self.index.add(_snapshot(row, used.get(row.id, ZERO)))
            self.index.complete_accounts.update(chunk)

    def _account_of(self, line: RemittanceLine) -> uuid.UUID | None:
        return self.accounts.get(line.customer_number) if line.customer_number else None

    def _settled(self, line: RemittanceLine, account_id: uuid.UUID) -> bool:
        """The line's reference names open invoices of the customer that the line's amount agrees with, so the
        rest of the customer's invoices are not needed (they are for amounts, typos, and a named invoice whose
        amount disagrees: a mistyped number?). The first test is the cheap one that settles most lines."""
        gross = line.paid_amount + line.adjustment_amount
        invoice = self.index.number(line.invoice_reference)
        if invoice is not None and invoice.account_id == account_id and invoice.collectible == gross:
            return True
        found = self._candidates(line, account_id)
        return bool(found) and sum((i.collectible for i in found[0].invoices), ZERO) == gross

    def _candidates(self, line: RemittanceLine, account_id: uuid.UUID | None) -> list[Candidate]:
        return candidates_for(
            reference=line.invoice_reference,
            gross=line.paid_amount + line.adjustment_amount,
            received_on=line.received_on,
            account_id=account_id,
            index=self.index,
        )

    async def add_batch(self, items: list[RemittanceLine | LineError | LineSkipped]) -> None:
        lines = [item for item in items if isinstance(item, RemittanceLine)]
        async with system_session(self.sessions) as session:
            await self._load_accounts(session, {line.customer_number for line in lines})
            await self._load_patterns(session, lines)
            await self._load_references(session, lines)
            needing = {
                account_id
                for line in lines
                if (account_id := self._account_of(line)) is not None and not self._settled(line, account_id)
            }
            await self._load_whole_accounts(session, needing)
        made = []
        for item in items:
            if isinstance(item, LineError):
                made.append(PlannedLine(item.line, "error", item.reported))
            elif isinstance(item, LineSkipped):
                made.append(PlannedLine(item.line, "skipped", item.message))
            else:
                made.append(self._plan(item))
        await self._note_settled(made)
        self.plans += made
        if len(self.index.by_id) > MAX_HELD:
            self.index = InvoiceIndex(patterns=self.index.patterns)

    async def _note_settled(self, plans: list[PlannedLine]) -> None:
        """The lines waiting for a person that name an invoice of their customer with nothing left open (paid,
        credited or disputed in full, before or by an earlier line of the file) say so first: a remittance sent
        twice is the likeliest reason, and the amount-alone suggestions beside it are not. One statement per 1,000
        such references, only for the waiting lines."""
        waiting = [
            (plan, reference, normalise_reference(reference)[:32])
            for plan in plans
            if plan.status == "exception"
            and plan.account_id is not None
            and plan.source is not None
            and (reference := plan.source.invoice_reference.strip())
        ]
        settled: dict[tuple[uuid.UUID | None, str], str] = {}
        wanted: set[str] = set()
        for plan, reference, key in waiting:
            held = self.index.number(reference)
            if held is not None and held.account_id == plan.account_id and held.collectible <= ZERO:
                settled[(plan.account_id, key)] = held.number
            elif key:
                wanted.add(key)
        if wanted:
            keys = sorted(wanted)
            async with system_session(self.sessions) as session:
                for start in range(0, len(keys), 1000):
                    rows = await session.execute(
                        select(_INVOICES.c.number, _INVOICES.c.number_key, _INVOICES.c.account_id).where(
                            among(session, _INVOICES.c.number_key, keys[start : start + 1000]),
                            _INVOICES.c.open_balance <= _INVOICES.c.disputed_amount,
                        )
                    )
                    for number, key, account_id in rows:
                        settled.setdefault((account_id, key), number)
        for plan, _, key in waiting:
            if (number := settled.get((plan.account_id, key))) is not None:
                plan.message = (
                    f"{number} has nothing left open (paid, credited or disputed in full): a second payment for it? "
                    f"Check before applying it elsewhere. {plan.message}"
                )

    def take_plans(self) -> list[PlannedLine]:
        """The plans made since the last call, no longer held by the matcher (a streamed import posts them)."""
        plans, self.plans = self.plans, []
        return plans

    def _plan(self, line: RemittanceLine) -> PlannedLine:
        account_id = self._account_of(line)
        if line.customer_number and account_id is None:
            found = self._candidates(line, None)
            if not found:
                return PlannedLine(
                    line.line,
                    "error",
                    f"Unknown customer {line.customer_number!r}, and no open invoice matches {line.invoice_reference!r}.",
                    source=line,
                )
            account_id = found[0].invoices[0].account_id
        candidates = self._candidates(line, account_id)
        if account_id is None:
            if not candidates:
                return PlannedLine(
                    line.line,
                    "error",
                    f"The file does not say who paid, and no open invoice matches {line.invoice_reference!r}.",
                    source=line,
                )
            account_id = candidates[0].invoices[0].account_id
        plan = PlannedLine(line.line, "exception", source=line, account_id=account_id, suggestions=candidates)
        currency = self.account_currency.get(account_id, "")
        if line.currency and currency and line.currency != currency:
            plan.status, plan.message = "error", f"Paid in {line.currency}; the customer is billed in {currency}."
            return plan
        if not candidates:
            named = self.index.number(line.invoice_reference)
            if named is not None and named.account_id != account_id:
                plan.message = (
                    f"{named.number} is another customer's invoice (a group company paying for it?). A payment "
                    "is applied only to its own customer's invoices: it stays unapplied on this customer's account "
                    "until it is settled with them."
                )
            else:
                plan.message = (
                    f"No open invoice of this customer matches {line.invoice_reference or 'an empty reference'!r}."
                )
            return plan
        best = candidates[0]
        partial = PARTIAL.search(line.adjustment_text) is not None
        allocations = allocations_for(best, paid=line.paid_amount, adjustment=line.adjustment_amount, partial=partial)
        if allocations is None:
            collectible = sum((i.collectible for i in best.invoices), ZERO)
            plan.message = (
                f"Pays {line.paid_amount} but {', '.join(i.number for i in best.invoices)} "
                f"has {collectible} open and undisputed; choose how to apply it."
            )
            return plan
        if best.confidence < self.threshold:
            plan.message = f"Best match {best.rule.replace('_', ' ')} ({best.confidence}) is below {self.threshold}."
            return plan
        if (mostly_unpaid := _mostly_unpaid(line, allocations, partial)) is not None:
            plan.message = mostly_unpaid
            return plan
        plan.status, plan.candidate, plan.allocations = "applied", best, allocations
        for allocation in allocations:
            invoice = allocation.invoice
            self.used[invoice.id] = self.used.get(invoice.id, ZERO) + allocation.amount + allocation.held
            current = self.index.by_id.get(invoice.id, invoice)
            self.index.replace(
                OpenInvoice(
                    id=current.id,
                    account_id=current.account_id,
                    number=current.number,
                    number_key=current.number_key,
                    po_key=current.po_key,
                    collectible=current.collectible - allocation.amount - allocation.held,
                    issue_date=current.issue_date,
                    due_date=current.due_date,
                )
            )
        return plan

    async def check_payments(self, *, accept_valid: bool) -> None:
        await check_payments(self.sessions, self.plans, accept_valid=accept_valid)

    @property
    def has_errors(self) -> bool:
        return any(plan.status == "error" for plan in self.plans)


async def check_payments(
    sessions: async_sessionmaker[AsyncSession], plans: list[PlannedLine], *, accept_valid: bool
) -> None:
    """Each payment of ``plans`` (whole payments) checked whole: adds up, not imported before; with ``accept_valid``,
    bad payments are left out whole."""
    groups: dict[tuple[uuid.UUID, str], list[PlannedLine]] = defaultdict(list)
    for plan in plans:
        key = plan.payment_key
        if key is not None and plan.status in {"applied", "exception", "error"}:
            groups[key].append(plan)
    already: set[tuple[uuid.UUID, str]] = set()
    keys = list(groups)
    async with system_session(sessions) as session:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = await session.execute(
                select(Payment.account_id, Payment.reference).where(
                    tuple_(Payment.account_id, Payment.reference).in_(chunk)
                )
            )
            already.update((a, r) for a, r in rows)
    for key, group in groups.items():
        reference = key[1]
        if key in already:
            for plan in group:
                plan.status = "skipped"
                plan.message = f"Payment {reference} was already imported for this customer; not applied again."
            continue
        sources = [p.source for p in group if p.source is not None]
        declared = {s.payment_amount for s in sources}
        if len(declared) != 1 or sum((s.paid_amount for s in sources), ZERO) != sources[0].payment_amount:
            for plan in group:
                plan.status = "error"
                plan.message = (
                    f"Payment {reference}: the paid amounts "
                    f"({sum((s.paid_amount for s in sources), ZERO)}) do not add up to the payment amount "
                    f"({', '.join(str(d) for d in sorted(declared))})."
                )
    if accept_valid:
        for key, group in groups.items():
            bad = [p for p in group if p.status == "error"]
            if bad and key not in already:
                for plan in group:
                    if plan.status != "error":
                        plan.status = "not_applied"
                        plan.message = (
                            f"Not applied: line {bad[0].line} of payment {key[1]} is wrong, "
                            "and a payment is applied whole or not at all."
                        )


UNEXPLAINED_SHORT_MOST = Decimal("0.5")
"""The largest share of an invoice a line may leave unpaid without a word and have it held as a deduction by itself:
paying 22.50 of 4,187.20 with no reason is a partial payment or a mistake far more often than a 4,164.70 claim."""


def _mostly_unpaid(line: RemittanceLine, allocations: list[Allocation], partial: bool) -> str | None:
    """Why a person should look at a line that pays less than half its invoice and says nothing of the rest (no
    adjustment, not a partial payment): a partial payment or a deduction? None for any other line."""
    if partial or line.adjustment_amount != ZERO or len(allocations) != 1:
        return None
    invoice, paid, held = allocations[0]
    if held <= invoice.collectible * UNEXPLAINED_SHORT_MOST:
        return None
    return (
        f"Pays {paid} of the {invoice.collectible} open on {invoice.number} and says nothing of the other {held}: a "
        "partial payment (leave the rest open) or a deduction? Choose how to apply it."
    )


def next_batch(items: Iterator[Any]) -> list[Any]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            break
    return batch


async def reading(
    sessions: async_sessionmaker[AsyncSession], job: RemittanceImport
) -> tuple[Matcher, RemittanceParser, AdviceExpander]:
    """What reading the import's file takes: a matcher at the auto-apply threshold, the file's parser, and the hook by
    which a payment whose e-mailed advice waits is matched by the advice's lines. Raises FileRejected for a file no
    parser reads."""
    async with system_session(sessions) as session:
        threshold = await auto_apply_threshold(session)
    parser = parser_for(job.file_format, job.column_map)
    if parser is None or job.object_key is None:
        raise FileRejected(f"Unknown file format {job.file_format!r}.")
    return Matcher(sessions, threshold), parser, AdviceExpander(sessions)


async def read_and_match(
    sessions: async_sessionmaker[AsyncSession], store: DocumentStore, job: RemittanceImport
) -> Matcher:
    """Every line matched, the whole file held. Raises FileRejected when the file as a whole cannot be read."""
    matcher, parser, advices = await reading(sessions, job)
    assert job.object_key is not None
    stream = await asyncio.to_thread(store.open, job.object_key, None)
    try:
        items = parser(stream)  # type: ignore[arg-type]
        while batch := await asyncio.to_thread(next_batch, items):
            await matcher.add_batch(await advices.expand(batch))
            # the stream's position: how much of the file the parser has read (the progress bar)
            await set_progress(
                sessions, job.id, attempt=job.attempts, bytes_read=stream.tell(), line_count=len(matcher.plans)
            )
    finally:
        await asyncio.to_thread(stream.close)
    return matcher
