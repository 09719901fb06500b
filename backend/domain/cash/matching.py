"""Matching a remittance line to open invoices: ranked candidates, each with the rule that found it and a confidence.

Pure functions over a snapshot of open invoices (:class:`OpenInvoice`), so the same code runs
in the import, in the Hypothesis properties and in the benchmark. The rules, strongest first:

========================  ==========  ===============================================================
rule                      confidence  when
========================  ==========  ===============================================================
``exact_reference``       1.00        the reference is an invoice number of the customer
``normalised_reference``  0.97        equal after normalising case, spaces, punctuation, INV/PO prefixes, leading zeros
``po_number``             0.93        the customer's only open invoice with that PO number
``reference_in_text``     0.92        free text naming invoice numbers (e.g. camt ``Ustrd``); several must add up
``similar_reference``     0.91 / 0.60 one typo away (a digit wrong, two swapped, one missing or extra); 0.91 when
                                      the amount agrees exactly, 0.60 when it does not
``amount_and_date``       0.85 / 0.50 the only open invoice whose collectible balance equals the gross amount;
                                      0.50 each when several do (nearest due date first)
``combination``           0.80 / 0.40 2–4 open invoices adding up exactly to the gross amount; 0.40 when several
========================  ==========  ===============================================================

"Gross" is what the line settles: paid plus the adjustment. "Collectible" is an invoice's open
balance less what open disputes already hold. A candidate never allocates more than the line
pays or than an invoice's collectible balance (see :func:`allocations_for`).
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from backend.domain.invoices.references import normalise_reference

ZERO = Decimal("0.00")
MAX_COMBINATION_POOL = 24
MAX_COMBINATION_SIZE = 4
MAX_SUGGESTIONS = 5
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/#-]*[A-Za-z0-9]|[0-9]")


class OpenInvoice(NamedTuple):
    """An open invoice as matching sees it (a named tuple: an import builds hundreds of thousands)."""

    id: uuid.UUID
    account_id: uuid.UUID
    number: str
    number_key: str
    po_key: str | None
    collectible: Decimal
    issue_date: date
    due_date: date


class Candidate(NamedTuple):
    invoices: tuple[OpenInvoice, ...]
    rule: str
    confidence: Decimal

    @property
    def is_combination(self) -> bool:
        return len(self.invoices) > 1


@dataclass
class InvoiceIndex:
    """Open invoices by number, normalised number, PO and customer — filled by the importer batch by batch.

    Each invoice is held once (``by_id``); the lookups hold ids, so taking what a line used off an
    invoice's balance (:meth:`replace`) is one assignment.
    """

    by_id: dict[uuid.UUID, OpenInvoice] = field(default_factory=dict)
    _by_number: dict[str, uuid.UUID] = field(default_factory=dict)
    _by_key: dict[str, list[uuid.UUID]] = field(default_factory=lambda: defaultdict(list))
    _by_po: dict[str, list[uuid.UUID]] = field(default_factory=lambda: defaultdict(list))
    _by_account: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=lambda: defaultdict(list))
    complete_accounts: set[uuid.UUID] = field(default_factory=set)
    """Accounts whose every open invoice is in the index (needed for the amount and typo rules)."""

    def add(self, invoice: OpenInvoice) -> None:
        if invoice.id in self.by_id:
            return
        self.by_id[invoice.id] = invoice
        self._by_number[invoice.number] = invoice.id
        self._by_key[invoice.number_key].append(invoice.id)
        if invoice.po_key:
            self._by_po[invoice.po_key].append(invoice.id)
        self._by_account[invoice.account_id].append(invoice.id)

    def replace(self, invoice: OpenInvoice) -> None:
        """The same invoice with a new collectible balance (after a line of the same file used some of it)."""
        self.by_id[invoice.id] = invoice

    def number(self, number: str) -> OpenInvoice | None:
        found = self._by_number.get(number)
        return self.by_id[found] if found is not None else None

    def with_key(self, key: str) -> list[OpenInvoice]:
        return [self.by_id[i] for i in self._by_key.get(key, ())]

    def with_po(self, key: str) -> list[OpenInvoice]:
        return [self.by_id[i] for i in self._by_po.get(key, ())]

    def of_account(self, account_id: uuid.UUID) -> list[OpenInvoice]:
        return [self.by_id[i] for i in self._by_account.get(account_id, ())]


def _within(invoices: Iterable[OpenInvoice], account_id: uuid.UUID | None) -> list[OpenInvoice]:
    return [i for i in invoices if i.collectible > ZERO and (account_id is None or i.account_id == account_id)]


def _one_typo_apart(a: str, b: str) -> bool:
    """Equal but for one substituted, inserted or deleted character, or two adjacent ones swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return True
    return False


def _by_reference(reference: str, account_id: uuid.UUID | None, index: InvoiceIndex) -> Candidate | None:
    exact = index.number(reference)
    if exact is not None and exact.collectible > ZERO and (account_id is None or exact.account_id == account_id):
        return Candidate((exact,), "exact_reference", Decimal("1.00"))
    key = normalise_reference(reference)
    if not key:
        return None
    by_key = _within(index.with_key(key), account_id)
    if len(by_key) == 1:
        return Candidate((by_key[0],), "normalised_reference", Decimal("0.97"))
    if account_id is not None:
        by_po = _within(index.with_po(key), account_id)
        if len(by_po) == 1:
            return Candidate((by_po[0],), "po_number", Decimal("0.93"))
    return None


def _in_text(reference: str, gross: Decimal, account_id: uuid.UUID | None, index: InvoiceIndex) -> Candidate | None:
    tokens = _TOKEN.findall(reference)
    if len(tokens) < 2:
        return None
    found: dict[uuid.UUID, OpenInvoice] = {}
    for token in tokens:
        hit = _by_reference(token, account_id, index)
        if hit is not None and hit.rule != "po_number":
            found.setdefault(hit.invoices[0].id, hit.invoices[0])
    invoices = tuple(found.values())
    if not invoices:
        return None
    accounts = {i.account_id for i in invoices}
    if len(accounts) != 1:
        return None
    if len(invoices) == 1 or sum((i.collectible for i in invoices), ZERO) == gross:
        return Candidate(invoices, "reference_in_text", Decimal("0.92"))
    return None


def candidates_for(
    *, reference: str, gross: Decimal, received_on: date, account_id: uuid.UUID | None, index: InvoiceIndex
) -> list[Candidate]:
    """Every candidate for one line, best first (empty when nothing fits).

    ``account_id`` None means the file did not say who paid: only rules that identify an
    invoice by its (globally unique) number apply, and the invoice then says who paid.
    """
    reference = reference.strip()
    if reference:
        hit = _by_reference(reference, account_id, index)
        if hit is not None:
            return [hit]
        hit = _in_text(reference, gross, account_id, index)
        if hit is not None:
            return [hit]
    if account_id is None or account_id not in index.complete_accounts:
        return []
    pool = [i for i in index.of_account(account_id) if i.collectible > ZERO]
    ranked: list[Candidate] = []
    key = normalise_reference(reference) if reference else ""
    if key:
        similar = [i for i in pool if _one_typo_apart(i.number_key, key)]
        agreeing = [i for i in similar if i.collectible == gross]
        if len(agreeing) == 1:
            return [Candidate((agreeing[0],), "similar_reference", Decimal("0.91"))]
        ranked.extend(Candidate((i,), "similar_reference", Decimal("0.60")) for i in similar)

    def nearest(invoice: OpenInvoice) -> tuple[int, str]:
        return abs((invoice.due_date - received_on).days), invoice.number

    same_amount = sorted((i for i in pool if i.collectible == gross), key=nearest)
    if len(same_amount) == 1 and not ranked:
        return [Candidate((same_amount[0],), "amount_and_date", Decimal("0.85"))]
    ranked.extend(Candidate((i,), "amount_and_date", Decimal("0.50")) for i in same_amount)
    if not same_amount:
        combos = _combinations(sorted(pool, key=nearest)[:MAX_COMBINATION_POOL], gross)
        if len(combos) == 1 and not ranked:
            return [Candidate(combos[0], "combination", Decimal("0.80"))]
        ranked.extend(Candidate(c, "combination", Decimal("0.40")) for c in combos[:MAX_SUGGESTIONS])
    unique: dict[tuple[uuid.UUID, ...], Candidate] = {}
    for candidate in ranked:
        unique.setdefault(tuple(i.id for i in candidate.invoices), candidate)
    return sorted(unique.values(), key=lambda c: -c.confidence)[:MAX_SUGGESTIONS]


def _combinations(pool: Sequence[OpenInvoice], target: Decimal) -> list[tuple[OpenInvoice, ...]]:
    """Sets of 2..4 invoices from ``pool`` whose collectible balances add up to ``target`` exactly (at most 6)."""
    found: list[tuple[OpenInvoice, ...]] = []
    small = [i for i in pool if i.collectible < target]
    for size in range(2, MAX_COMBINATION_SIZE + 1):
        for combo in itertools.combinations(small, size):
            if sum((i.collectible for i in combo), ZERO) == target:
                found.append(combo)
                if len(found) > MAX_SUGGESTIONS:
                    return found
    return found


class Allocation(NamedTuple):
    invoice: OpenInvoice
    amount: Decimal
    """Cash applied to the invoice (> 0)."""
    held: Decimal
    """Part of the invoice's collectible balance that becomes a deduction (>= 0)."""


def allocations_for(candidate: Candidate, *, paid: Decimal, adjustment: Decimal) -> list[Allocation] | None:
    """How a line's money lands on the candidate's invoices, or None when it cannot land whole.

    One invoice: the cash (at most its collectible balance) plus the short pay held as a deduction
    — the adjustment when the remittance gives one, otherwise what is left unpaid (an unexplained
    short pay), both capped by what the invoice still has. Several invoices: each is paid in full
    and together they take exactly ``paid``. Never more than the line pays or an invoice owes.
    """
    if candidate.is_combination:
        if sum((i.collectible for i in candidate.invoices), ZERO) != paid:
            return None
        return [Allocation(i, i.collectible, ZERO) for i in candidate.invoices]
    invoice = candidate.invoices[0]
    if paid > invoice.collectible:
        return None
    short = adjustment if adjustment > ZERO else invoice.collectible - paid
    held = min(short, invoice.collectible - paid)
    if paid == ZERO and held == ZERO:
        return None
    return [Allocation(invoice, paid, held)]
