"""Matching a remittance line to open invoices: ranked candidates, each with the rule that found it and a confidence.

Pure functions over a snapshot of open invoices (:class:`OpenInvoice`), so the same code runs
in the import, in the Hypothesis properties and in the benchmark. The rules, strongest first, and
what the reference's distance and the amount's agreement make of their confidence:

========================  ============  =====================================================================
rule                      confidence    when
========================  ============  =====================================================================
``exact_reference``       1.00 / 0.95   the reference is an invoice number of the customer; 0.95 when the line
                                        settles a different amount (a short, partial or discounted payment)
``normalised_reference``  0.97 / 0.93   equal after normalising case, spaces, punctuation, INV/PO prefixes, zeros
``ocr_reference``         0.94 / 0.70   equal once letters a scanner confuses with digits are read as digits
                                        (O→0, I/L→1, S→5, B→8, Z→2, G→6)
``po_number``             0.93 / 0.88   the customer's only open invoice with that PO number
``reference_in_text``     0.92 / 0.88   free text naming invoice numbers (e.g. camt ``Ustrd``); several must add
                                        up; 0.88 for one whose amount disagrees
``learned_pattern``       0.96 / 0.92   the customer's habit staff taught by confirming a line (``learning.py``):
                                        e.g. the invoice number as the 2nd group from the end; 0.70 / 0.60 once
                                        staff contradicted it
``similar_reference``     0.91 / 0.60   one edit away (a character wrong, missing or extra, two swapped:
                                        rapidfuzz's optimal string alignment distance 1) and the only such
                                        invoice whose amount agrees exactly; 0.60 each otherwise
``amount_and_date``       0.90 / 0.50   no reference: the only open invoice whose collectible balance equals
                                        the gross amount (0.85 when the line has a reference no rule reads);
                                        0.50 each when several do (nearest due first)
``combination``           0.80 / 0.40   2–4 open invoices adding up exactly to the gross amount; 0.40 when several
========================  ============  =====================================================================

A reference that names an invoice whose amount disagrees is not taken on its word: when another
open invoice of the customer one edit away agrees exactly, that one is the match (0.91, the
customer mistyped a real number) and the named one a 0.60 suggestion. The confidences are
calibrated on the bench's truth set (``make bench BENCH=cash``, which prints every rule's observed
precision): a rule that ever put a line on the wrong invoice there is below the default
auto-apply threshold (0.90), and ``tests/cash/test_match_calibration.py`` holds the shipped
defaults to that on generated variants.

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

from rapidfuzz.distance import OSA

from backend.domain.cash.learning import TRUSTED, Pattern
from backend.domain.invoices.references import normalise_reference, scanned_reference

ZERO = Decimal("0.00")
MAX_COMBINATION_POOL = 24
MAX_COMBINATION_SIZE = 4
MAX_SUGGESTIONS = 5
CONFIDENCE: dict[str, tuple[Decimal, Decimal]] = {
    # rule: (the line's amount agrees or the rule found one, it disagrees or several fit) — the module docstring
    "exact_reference": (Decimal("1.00"), Decimal("0.95")),
    "normalised_reference": (Decimal("0.97"), Decimal("0.93")),
    "ocr_reference": (Decimal("0.94"), Decimal("0.70")),
    "po_number": (Decimal("0.93"), Decimal("0.88")),
    "reference_in_text": (Decimal("0.92"), Decimal("0.88")),
    "similar_reference": (Decimal("0.91"), Decimal("0.60")),
    "learned_pattern": TRUSTED,  # DOUBTED once staff contradicted the pattern
    "amount_and_date": (Decimal("0.90"), Decimal("0.50")),
    "combination": (Decimal("0.80"), Decimal("0.40")),
}
AMOUNT_DESPITE_REFERENCE = Decimal("0.85")
"""``amount_and_date`` for a line whose reference no rule reads (0.90 is for a line with no reference at all)."""
SIMILAR_AGREEING = CONFIDENCE["similar_reference"][0]
UNSURE = CONFIDENCE["similar_reference"][1]
"""A suggestion a person should look at: two readings of the line fit."""
PARTIAL = re.compile(r"\b(partial|part[ -]?payment|instal+ment|on account)\b", re.IGNORECASE)
"""What a remittance says of a payment that leaves the rest of the invoice open on purpose."""
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
    pattern_id: uuid.UUID | None = None
    """The learned pattern that found it (``learned_pattern``)."""

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
    patterns: dict[uuid.UUID, list[Pattern]] = field(default_factory=lambda: defaultdict(list))
    """What staff taught about each customer's references (``learning.py``), used for that customer's lines only."""

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


def _one_edit_apart(key: str, pool: Sequence[OpenInvoice]) -> list[OpenInvoice]:
    """The invoices of ``pool`` whose normalised number is one edit from ``key`` (rapidfuzz's optimal string
    alignment: one character substituted, inserted or deleted, or two adjacent ones swapped)."""
    return [i for i in pool if i.number_key != key and OSA.distance(i.number_key, key, score_cutoff=1) <= 1]


class _Named(NamedTuple):
    invoice: OpenInvoice
    rule: str
    confidence: tuple[Decimal, Decimal]
    pattern_id: uuid.UUID | None = None


def _named(reference: str, account_id: uuid.UUID | None, index: InvoiceIndex) -> _Named | None:
    """The one open invoice the reference names, by number, normalised number, scanned digits, PO or a pattern
    learned for the customer, with the rule that found it."""
    exact = index.number(reference)
    if exact is not None and exact.collectible > ZERO and (account_id is None or exact.account_id == account_id):
        return _Named(exact, "exact_reference", CONFIDENCE["exact_reference"])
    key = normalise_reference(reference)
    if not key:
        return None
    by_key = _within(index.with_key(key), account_id)
    if len(by_key) == 1:
        return _Named(by_key[0], "normalised_reference", CONFIDENCE["normalised_reference"])
    scanned = scanned_reference(reference)
    if scanned:
        by_scan = _within(index.with_key(scanned), account_id)
        if len(by_scan) == 1:
            return _Named(by_scan[0], "ocr_reference", CONFIDENCE["ocr_reference"])
    if account_id is None:
        return None
    by_po = _within(index.with_po(key), account_id)
    if len(by_po) == 1:
        return _Named(by_po[0], "po_number", CONFIDENCE["po_number"])
    for pattern in index.patterns.get(account_id, ()):
        read = pattern.key_in(reference)
        found = _within(index.with_key(read) if pattern.target == "number" else index.with_po(read), account_id)
        if read and len(found) == 1:
            return _Named(found[0], "learned_pattern", pattern.confidence, pattern.id)
    return None


def _by_reference(
    reference: str, gross: Decimal, account_id: uuid.UUID | None, index: InvoiceIndex
) -> list[Candidate] | None:
    """The candidates of a reference that names an invoice (see the module docstring), or None."""
    named = _named(reference, account_id, index)
    if named is None:
        return None
    invoice, rule, (agrees, disagrees), pattern_id = named
    if invoice.collectible == gross:
        return [Candidate((invoice,), rule, agrees, pattern_id)]
    if invoice.account_id in index.complete_accounts:
        # The amount disagrees: a mistyped number that happens to be another open invoice of the customer?
        pool = _within(index.of_account(invoice.account_id), invoice.account_id)
        agreeing = [i for i in _one_edit_apart(invoice.number_key, pool) if i.collectible == gross]
        if len(agreeing) == 1:
            return [Candidate((agreeing[0],), "similar_reference", SIMILAR_AGREEING),
                    Candidate((invoice,), rule, UNSURE, pattern_id)]  # fmt: skip
        if agreeing:
            return [
                Candidate((invoice,), rule, UNSURE, pattern_id),
                *(Candidate((i,), "similar_reference", UNSURE) for i in agreeing),
            ]
    return [Candidate((invoice,), rule, disagrees, pattern_id)]


def _in_text(reference: str, gross: Decimal, account_id: uuid.UUID | None, index: InvoiceIndex) -> Candidate | None:
    """Free text naming invoice numbers of one customer: several that add up to the line, or one (its confidence
    lower when the amount disagrees)."""
    tokens = _TOKEN.findall(reference)
    if len(tokens) < 2:
        return None
    found: dict[uuid.UUID, OpenInvoice] = {}
    for token in tokens:
        hit = _named(token, account_id, index)
        if hit is not None and hit.rule not in ("po_number", "learned_pattern"):
            found.setdefault(hit.invoice.id, hit.invoice)
    invoices = tuple(found.values())
    if not invoices or len({i.account_id for i in invoices}) != 1:
        return None
    agrees, disagrees = CONFIDENCE["reference_in_text"]
    if sum((i.collectible for i in invoices), ZERO) == gross:
        return Candidate(invoices, "reference_in_text", agrees)
    return Candidate(invoices, "reference_in_text", disagrees) if len(invoices) == 1 else None


def candidates_for(
    *, reference: str, gross: Decimal, received_on: date, account_id: uuid.UUID | None, index: InvoiceIndex
) -> list[Candidate]:
    """Every candidate for one line, best first (empty when nothing fits).

    ``account_id`` None means the file did not say who paid: only rules that identify an
    invoice by its (globally unique) number apply, and the invoice then says who paid.
    """
    reference = reference.strip()
    if reference:
        # Several numbers first: "INV-1 INV-2" normalises to "12", which may be another invoice's number.
        in_text = _in_text(reference, gross, account_id, index)
        if in_text is not None and len(in_text.invoices) > 1:
            return [in_text]
        hits = _by_reference(reference, gross, account_id, index)
        if hits is not None:
            return hits
        if in_text is not None:
            return [in_text]
    if account_id is None or account_id not in index.complete_accounts:
        return []
    pool = [i for i in index.of_account(account_id) if i.collectible > ZERO]
    ranked: list[Candidate] = []
    key = normalise_reference(reference) if reference else ""
    if key:
        similar = _one_edit_apart(key, pool)
        agreeing = [i for i in similar if i.collectible == gross]
        if len(agreeing) == 1:
            return [Candidate((agreeing[0],), "similar_reference", SIMILAR_AGREEING)]
        ranked.extend(Candidate((i,), "similar_reference", UNSURE) for i in similar)
        other = index.number(reference)
        if other is not None and other.account_id != account_id:
            return ranked[
                :MAX_SUGGESTIONS
            ]  # another customer's invoice, named exactly: a person decides, not the amount

    def nearest(invoice: OpenInvoice) -> tuple[int, str]:
        return abs((invoice.due_date - received_on).days), invoice.number

    same_amount = sorted((i for i in pool if i.collectible == gross), key=nearest)
    one, several = CONFIDENCE["amount_and_date"]
    if len(same_amount) == 1 and not ranked:
        # A reference nothing here reads names something else, maybe: the amount alone then only suggests.
        return [Candidate((same_amount[0],), "amount_and_date", AMOUNT_DESPITE_REFERENCE if key else one)]
    ranked.extend(Candidate((i,), "amount_and_date", several) for i in same_amount)
    if not same_amount:
        one, several = CONFIDENCE["combination"]
        combos = _combinations(sorted(pool, key=nearest)[:MAX_COMBINATION_POOL], gross)
        if len(combos) == 1 and not ranked:
            return [Candidate(combos[0], "combination", one)]
        ranked.extend(Candidate(c, "combination", several) for c in combos[:MAX_SUGGESTIONS])
    unique: dict[tuple[uuid.UUID, ...], Candidate] = {}
    for candidate in ranked:
        unique.setdefault(tuple(i.id for i in candidate.invoices), candidate)
    return sorted(unique.values(), key=lambda c: -c.confidence)[:MAX_SUGGESTIONS]


def _combinations(pool: Sequence[OpenInvoice], target: Decimal) -> list[tuple[OpenInvoice, ...]]:
    """Sets of 2..4 invoices from ``pool`` whose collectible balances add up to ``target`` exactly (at most 6),
    smallest sets first, each in pool order.

    In whole cents, by lookup rather than by trying every set: the sets of two by the complement of each invoice,
    of three by the complement of each pair, of four by pairs of pairs. (Trying every set of up to four of 24
    invoices is ~13,000 Decimal sums a line: most of a lump-sum line's matching time.)"""
    small = [i for i in pool if i.collectible < target]
    cents = [int(i.collectible * 100) for i in small]
    goal = int(target * 100)
    at: dict[int, list[int]] = defaultdict(list)
    for index, value in enumerate(cents):
        at[value].append(index)
    pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in itertools.combinations(range(len(small)), 2):
        pairs[cents[a] + cents[b]].append((a, b))
    found: list[tuple[int, ...]] = [pair for pair in pairs.get(goal, ())]
    for (a, b), c in (
        (pair, c) for total, listed in pairs.items() for pair in listed for c in at.get(goal - total, ())
    ):
        if c > b:
            found.append((a, b, c))
    if MAX_COMBINATION_SIZE >= 4:
        for total, listed in pairs.items():
            for a, b in listed:
                found.extend((a, b, c, d) for c, d in pairs.get(goal - total, ()) if c > b)
    found.sort(key=lambda combo: (len(combo), combo))
    return [tuple(small[i] for i in combo) for combo in found[: MAX_SUGGESTIONS + 1]]


class Allocation(NamedTuple):
    invoice: OpenInvoice
    amount: Decimal
    """Cash applied to the invoice (> 0)."""
    held: Decimal
    """Part of the invoice's collectible balance that becomes a deduction (>= 0)."""


def allocations_for(
    candidate: Candidate, *, paid: Decimal, adjustment: Decimal, partial: bool = False
) -> list[Allocation] | None:
    """How a line's money lands on the candidate's invoices, or None when it cannot land whole.

    One invoice: the cash (at most its collectible balance) plus the short pay held as a deduction
    — the adjustment when the remittance gives one, otherwise what is left unpaid (an unexplained
    short pay), both capped by what the invoice still has; a line that says it is a ``partial``
    payment holds nothing unexplained (the rest stays open for the next payment). Several invoices:
    each is paid in full and together they take exactly ``paid``. Never more than the line pays or
    an invoice owes.
    """
    if candidate.is_combination:
        if sum((i.collectible for i in candidate.invoices), ZERO) != paid:
            return None
        return [Allocation(i, i.collectible, ZERO) for i in candidate.invoices]
    invoice = candidate.invoices[0]
    if paid > invoice.collectible:
        return None
    short = adjustment if adjustment > ZERO or partial else invoice.collectible - paid
    held = min(short, invoice.collectible - paid)
    if paid == ZERO and held == ZERO:
        return None
    return [Allocation(invoice, paid, held)]
