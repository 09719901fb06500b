"""Matching that learns from staff: how each customer writes invoice references, read from the lines staff confirm.

A reference is cut into groups of letters and digits (``K7731/00000056/26`` → ``K7731``, ``00000056``, ``26``).
When staff confirm an exception line on one invoice and some run of adjacent groups of its reference is that
invoice's number (or PO number) once normalised, but the reference as a whole is not, the customer has a habit:
"the invoice number is the second group from the end". That becomes a :class:`Pattern` of the customer, which the
next import reads as a matching rule (``learned_pattern``) for that customer's lines only — never another's.

Each later confirmation of that customer's lines is checked against the customer's patterns: one that read the
invoice staff chose counts as confirmed, one that read another invoice as contradicted. That is the pattern's
observed precision; a pattern ever contradicted suggests, it no longer applies cash by itself, and one
confirmed fewer than three times applies only lines whose amount agrees (:attr:`Pattern.confidence`).
Admins see the patterns under Cash and remove one (audited).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.lists import among
from backend.db.scope import Principal
from backend.domain.administration.service import audit_change, require_admin
from backend.domain.cash.models import MatchPattern
from backend.domain.errors import NotFound
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.references import normalise_reference

_GROUP = re.compile(r"[A-Za-z0-9]+")
MAX_GROUPS = 4
"""A number written as more than four groups is not a habit worth learning."""
TRUSTED = (Decimal("0.96"), Decimal("0.92"))
"""A pattern never contradicted and confirmed at least :data:`PROVEN` times: (amount agrees, amount disagrees) —
like a reference that names the invoice."""
NEW = (Decimal("0.96"), Decimal("0.88"))
"""A pattern never contradicted but confirmed fewer times: it applies a line whose amount agrees; one that does
not (a short or partial payment under a habit seen once or twice) waits for a person."""
PROVEN = 3
DOUBTED = (Decimal("0.70"), Decimal("0.60"))
"""A pattern staff contradicted at least once: it suggests, a person decides."""


class Pattern(NamedTuple):
    """A learned pattern as matching uses it."""

    id: uuid.UUID
    account_id: uuid.UUID
    target: str
    """``number`` or ``po``."""
    from_end: int
    groups: int
    confirmed: int
    contradicted: int

    @property
    def confidence(self) -> tuple[Decimal, Decimal]:
        if self.contradicted:
            return DOUBTED
        return TRUSTED if self.confirmed >= PROVEN else NEW

    def key_in(self, reference: str) -> str:
        """The normalised number this pattern reads out of ``reference``, ``""`` when the reference is too short."""
        return _span_key(_GROUP.findall(reference), self.from_end, self.groups)


def _span_key(groups: Sequence[str], from_end: int, size: int) -> str:
    end = len(groups) - from_end + 1
    start = end - size
    if start < 0 or end > len(groups) or (start == 0 and end == len(groups)):
        return ""  # the whole reference: the built-in rules read that already
    return normalise_reference("".join(groups[start:end]))


def _shapes(reference: str, key: str) -> list[tuple[int, int]]:
    """Every (from_end, groups) whose run of ``reference``'s groups normalises to ``key``, shortest first."""
    groups = _GROUP.findall(reference)
    found = []
    for size in range(1, min(MAX_GROUPS, len(groups)) + 1):
        for from_end in range(1, len(groups) - size + 2):
            if _span_key(groups, from_end, size) == key:
                found.append((from_end, size))
    return found


def _pattern(row: MatchPattern) -> Pattern:
    return Pattern(row.id, row.account_id, row.target, row.from_end, row.groups, row.confirmed, row.contradicted)


async def patterns_of(session: AsyncSession, account_ids: Iterable[uuid.UUID]) -> list[Pattern]:
    """The patterns of these customers, in one statement."""
    wanted = sorted(set(account_ids))
    if not wanted:
        return []
    rows = await session.execute(
        select(MatchPattern).where(among(session, MatchPattern.account_id, wanted)).order_by(MatchPattern.learned_at)
    )
    return [_pattern(row) for row in rows.scalars()]


async def learn_from_confirmation(
    session: AsyncSession, *, account_id: uuid.UUID, reference: str, invoices: Sequence[Invoice],
    principal: Principal, now: datetime,
) -> MatchPattern | None:  # fmt: skip
    """Staff confirmed a line with ``reference`` on ``invoices``: count the customer's patterns as confirmed or
    contradicted by it, and learn the shape that names the invoice when none did. The new pattern, if any."""
    if len(invoices) != 1 or not reference.strip():
        return None
    invoice = invoices[0]
    keys = {"number": invoice.number_key, "po": invoice.po_key or ""}
    existing = list(
        (await session.execute(select(MatchPattern).where(MatchPattern.account_id == account_id))).scalars()
    )
    read_right = False
    readings = {row.id: _pattern(row).key_in(reference) for row in existing}
    named = await _invoices_named(session, account_id, {(row.target, readings[row.id]) for row in existing})
    for row in existing:
        read = readings[row.id]
        if read and read == keys[row.target]:
            row.confirmed += 1
            read_right = True
        elif (row.target, read) in named:
            row.contradicted += 1  # it read another invoice of the customer: applied, that would have been wrong
    if read_right or normalise_reference(reference) in set(keys.values()):
        return None  # a pattern or the built-in rules read it already
    for target, key in keys.items():
        shapes = _shapes(reference, key) if key else []
        if not shapes:
            continue
        from_end, groups = shapes[0]
        if any((row.target, row.from_end, row.groups) == (target, from_end, groups) for row in existing):
            return None  # known, and just counted (contradicted on an earlier reading: staff remove it)
        learned = MatchPattern(
            account_id=account_id,
            target=target,
            from_end=from_end,
            groups=groups,
            example_reference=reference.strip()[:140],
            example_invoice=(invoice.number if target == "number" else invoice.po_number or "")[:64],
            confirmed=1,
            contradicted=0,
            applied=0,
            learned_by_id=principal.user_id,
            learned_at=now,
        )
        session.add(learned)
        return learned
    return None


async def _invoices_named(
    session: AsyncSession, account_id: uuid.UUID, readings: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Which of the (target, key) readings name an invoice of the customer, in one statement."""
    numbers = sorted(key for target, key in readings if key and target == "number")
    pos = sorted(key for target, key in readings if key and target == "po")
    if not numbers and not pos:
        return set()
    rows = await session.execute(
        select(Invoice.number_key, Invoice.po_key).where(
            Invoice.account_id == account_id,
            or_(among(session, Invoice.number_key, numbers), among(session, Invoice.po_key, pos)),
        )
    )
    return {pair for number_key, po_key in rows for pair in (("number", number_key), ("po", po_key or ""))}


async def remove_pattern(session: AsyncSession, *, principal: Principal, pattern_id: uuid.UUID, now: datetime) -> None:
    """An admin removes a learned pattern: the next import no longer reads it (audited). Commits."""
    require_admin(principal)
    row = await session.get(MatchPattern, pattern_id)
    if row is None:
        raise NotFound("That learned pattern does not exist (any more).")
    before = {
        "account_id": str(row.account_id),
        "target": row.target,
        "from_end": row.from_end,
        "groups": row.groups,
        "example_reference": row.example_reference,
        "confirmed": row.confirmed,
        "contradicted": row.contradicted,
        "applied": row.applied,
    }
    await session.delete(row)
    await audit_change(session, principal, "cash.pattern_removed", "cash_match_pattern", row.id, before, {}, now)
    await session.commit()


def describe(target: str, from_end: int, groups: int) -> str:
    """What the pattern says, for a person: "the invoice number is the 2nd group from the end"."""
    what = "invoice number" if target == "number" else "PO number"
    place = "last group" if from_end == 1 else f"{_ordinal(from_end)} group from the end"
    if groups == 1:
        return f"The {what} is the {place} of their reference."
    return f"The {what} is {groups} groups ending at the {place} of their reference."


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
