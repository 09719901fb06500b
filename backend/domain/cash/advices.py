"""Remittance advices that arrive before their cash (e-mailed PDF, CSV or XLSX): kept, then used to match the
payment when a bank or lockbox import brings it.

The import's one hook is :class:`AdviceExpander` (``importer.read_and_match``): a payment that came as one line —
its customer known, its paid amount the whole payment, no adjustment — whose reference equals a waiting advice's
payment reference, or whose amount equals a waiting advice's total while its own reference is empty or names no
open invoice of the customer, is replaced by the advice's lines (the payment's reference, date and amount; the
advice's invoices, amounts and adjustments). Matching then treats them like any file's lines. The advices an
import used are marked in its posting transaction (:func:`mark_used`): only when its payment was posted, and only
while still waiting — an advice two imports raced for fails the second (nothing applied; import it again).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.db.lists import among
from backend.domain.accounts.models import CustomerAccount
from backend.domain.cash.models import RemittanceAdvice, RemittanceAdviceLine
from backend.domain.cash.remittance import LineError, LineSkipped, RemittanceLine
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.references import normalise_reference

ZERO = Decimal("0.00")
WAITING, USED = "waiting", "used"


class AdviceTaken(Exception):
    """An advice this import matched a payment by was used by another import meanwhile: nothing is applied."""


async def keep_advices(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    lines: Iterable[RemittanceLine],
    filename: str,
    inbound_message_id: uuid.UUID | None,
    now: datetime,
) -> list[RemittanceAdvice]:
    """One waiting advice per payment the lines describe (lines of the same payment reference), with its lines.
    The caller commits."""
    payments: dict[str, list[RemittanceLine]] = defaultdict(list)
    for line in lines:
        payments[line.payment_reference].append(line)
    advices = []
    for reference, group in payments.items():
        total = sum((line.paid_amount for line in group), ZERO)
        if total <= 0:
            continue
        advice = RemittanceAdvice(
            account_id=account_id,
            inbound_message_id=inbound_message_id,
            filename=filename[:255],
            payment_reference=reference[:64],
            received_on=group[0].received_on,
            total=total,
            currency=group[0].currency[:3],
            status=WAITING,
            created_at=now,
        )
        session.add(advice)
        await session.flush()
        session.add_all(
            RemittanceAdviceLine(
                advice_id=advice.id,
                line=line.line,
                invoice_reference=line.invoice_reference[:140],
                paid_amount=line.paid_amount,
                adjustment_amount=line.adjustment_amount,
                adjustment_scheme=line.adjustment_scheme[:16],
                adjustment_code=line.adjustment_code[:32],
                adjustment_text=line.adjustment_text[:500],
            )
            for line in group
        )
        advices.append(advice)
    return advices


def _single_payment(item: RemittanceLine) -> bool:
    return (
        bool(item.customer_number)
        and item.advice_id is None
        and item.adjustment_amount == ZERO
        and item.paid_amount == item.payment_amount
    )


def _keys(reference: str) -> set[str]:
    return {
        key[:64] for text in {reference, *reference.replace(",", " ").split()} if (key := normalise_reference(text))
    }


class AdviceExpander:
    """The import's hook: replaces a payment's single line by the waiting advice it matches (module docstring).

    One per import, so that two payments of one file never take the same advice.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.taken: set[uuid.UUID] = set()
        self.none_waiting: bool | None = None
        """No advice waited when the import started (one statement): the import's batches pass untouched."""

    async def expand(
        self, items: list[RemittanceLine | LineError | LineSkipped]
    ) -> list[RemittanceLine | LineError | LineSkipped]:
        """The batch with each matching payment line replaced by its advice's lines (the batch itself when none)."""
        if self.none_waiting:
            return items
        candidates = [item for item in items if isinstance(item, RemittanceLine) and _single_payment(item)]
        if not candidates:
            return items
        async with system_session(self.sessions) as session:
            if (
                not self.taken
                and (
                    await session.execute(
                        select(RemittanceAdvice.id).where(RemittanceAdvice.status == WAITING).limit(1)
                    )
                ).first()
                is None
            ):
                self.none_waiting = True
                return items
            waiting = await self._waiting(session, {c.customer_number for c in candidates})
            if not waiting:
                return items
            chosen = await self._choose(session, candidates, waiting)
            if not chosen:
                return items
            advice_lines = await self._lines(session, [advice.id for advice, _ in chosen.values()])
        expanded: list[RemittanceLine | LineError | LineSkipped] = []
        for item in items:
            match = chosen.get(id(item))
            if match is None or not isinstance(item, RemittanceLine):
                expanded.append(item)
                continue
            advice, _ = match
            expanded.extend(
                replace(
                    item,
                    invoice_reference=line.invoice_reference,
                    paid_amount=line.paid_amount,
                    adjustment_amount=line.adjustment_amount,
                    adjustment_scheme=line.adjustment_scheme,
                    adjustment_code=line.adjustment_code,
                    adjustment_text=line.adjustment_text,
                    currency=item.currency or advice.currency,
                    advice_id=advice.id,
                )
                for line in advice_lines[advice.id]
            )
        return expanded

    async def _waiting(self, session: AsyncSession, numbers: set[str]) -> dict[str, list[RemittanceAdvice]]:
        rows = await session.execute(
            select(RemittanceAdvice, CustomerAccount.number)
            .join(CustomerAccount, CustomerAccount.id == RemittanceAdvice.account_id)
            .where(among(session, CustomerAccount.number, sorted(numbers)), RemittanceAdvice.status == WAITING)
            .order_by(RemittanceAdvice.created_at, RemittanceAdvice.id)
        )
        waiting: dict[str, list[RemittanceAdvice]] = defaultdict(list)
        for advice, number in rows:
            if advice.id not in self.taken:
                waiting[number].append(advice)
        return waiting

    async def _choose(
        self, session: AsyncSession, candidates: list[RemittanceLine], waiting: dict[str, list[RemittanceAdvice]]
    ) -> dict[int, tuple[RemittanceAdvice, RemittanceLine]]:
        """Which advice each candidate line takes (by reference first, then by amount when its own reference
        reads as nothing of the customer's), keyed by the line's ``id()``."""
        chosen: dict[int, tuple[RemittanceAdvice, RemittanceLine]] = {}
        by_amount: list[tuple[RemittanceLine, list[RemittanceAdvice]]] = []
        for line in candidates:
            advices = [a for a in waiting.get(line.customer_number, []) if a.id not in self.taken]
            reference = normalise_reference(line.payment_reference)
            named = next(
                (
                    a
                    for a in advices
                    if a.payment_reference
                    and normalise_reference(a.payment_reference) == reference
                    and a.total == line.payment_amount
                ),
                None,
            )
            if named is not None:
                self.taken.add(named.id)
                chosen[id(line)] = (named, line)
                continue
            same_total = [a for a in advices if a.total == line.payment_amount]
            if same_total:
                by_amount.append((line, same_total))
        readable = await self._readable(session, [line for line, _ in by_amount if line.invoice_reference])
        for line, advices in by_amount:
            if id(line) in readable:
                continue
            free = next((a for a in advices if a.id not in self.taken), None)
            if free is not None:
                self.taken.add(free.id)
                chosen[id(line)] = (free, line)
        return chosen

    async def _readable(self, session: AsyncSession, lines: list[RemittanceLine]) -> set[int]:
        """The lines (``id()``) whose own reference names an open invoice or PO of their customer."""
        if not lines:
            return set()
        keys = sorted({key for line in lines for key in _keys(line.invoice_reference)})
        if not keys:
            return set()
        rows = await session.execute(
            select(CustomerAccount.number, Invoice.number_key, Invoice.po_key)
            .join(CustomerAccount, CustomerAccount.id == Invoice.account_id)
            .where(
                among(session, CustomerAccount.number, sorted({line.customer_number for line in lines})),
                or_(among(session, Invoice.number_key, keys), among(session, Invoice.po_key, keys)),
                Invoice.open_balance > Invoice.disputed_amount,
            )
        )
        known: dict[str, set[str]] = defaultdict(set)
        for number, number_key, po_key in rows:
            known[number].update(k for k in (number_key, po_key) if k)
        return {id(line) for line in lines if _keys(line.invoice_reference) & known.get(line.customer_number, set())}

    async def _lines(
        self, session: AsyncSession, advice_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, list[RemittanceAdviceLine]]:
        rows = await session.execute(
            select(RemittanceAdviceLine)
            .where(among(session, RemittanceAdviceLine.advice_id, advice_ids))
            .order_by(RemittanceAdviceLine.advice_id, RemittanceAdviceLine.line)
        )
        lines: dict[uuid.UUID, list[RemittanceAdviceLine]] = defaultdict(list)
        for line in rows.scalars():
            lines[line.advice_id].append(line)
        return lines


async def mark_used(session: AsyncSession, import_id: uuid.UUID, plans: Iterable[Any], *, now: datetime) -> int:
    """In the import's posting transaction: the advices whose payment it posted are used by it. Raises
    :class:`AdviceTaken` (the transaction rolls back) when one is no longer waiting. How many were marked."""
    used = {
        plan.source.advice_id
        for plan in plans
        if plan.status in {"applied", "exception"} and plan.source is not None and plan.source.advice_id is not None
    }
    if not used:
        return 0
    marked = await session.execute(
        update(RemittanceAdvice)
        .where(RemittanceAdvice.id.in_(used), RemittanceAdvice.status == WAITING)
        .values(status=USED, import_id=import_id, used_at=now)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != len(used):  # type: ignore[attr-defined]
        raise AdviceTaken()
    return len(used)
