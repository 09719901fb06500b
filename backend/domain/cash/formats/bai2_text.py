"""The remittance text of one BAI2 transaction (its 16 record's text and 88 continuations) read into invoices.

A bank passes on what the payer sent, in one of three shapes, tried in this order:

* X12 820 segments, as ACH CTX addenda carry them (``N1*PR*ACME*91*C-1001\\RMR*IV*INV-1*PI*855.00*900.00\\
  ADX*-45.00*04\\``): an invoice per ``RMR``, its ``ADX`` adjustments (X12 element 426 codes), ``NTE`` text,
  the payer from ``N1*PR``; read as ``x12_sets`` reads an 820, and checked to add up to the transaction;
* invoice numbers each followed by an amount, as lockbox clerks key them (``INV 1001 100.00 INV-1002 855.00``):
  an invoice per pair, used only when the amounts add up to the transaction exactly;
* anything else: one line of the whole amount whose reference is the text, so that matching's
  ``reference_in_text`` rule can find the invoices it names.

``CUST C-1001`` (or ``CUSTOMER NO: C-1001``) in the text names the customer. Positions (``offset``) are
indexes into the text; the caller turns them into file lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from backend.domain.cash.formats.fields import ZERO, BadField, amount, clip
from backend.domain.cash.formats.x12_sets import DISCOUNT_TEXT, REASONS

_SEGMENT = re.compile(r"[^\\~]+")
_X12_NAMES = {"RMR", "ADX"}
_CUSTOMER = re.compile(
    r"\bCUST(?:OMER)?(?:\s*(?:NO|NUMBER|ID|ACCT|#)\.?)?\s*[:#]?\s*(?P<number>[A-Z0-9][\w\-./]*\d[\w\-./]*)", re.I
)
_PAIR = re.compile(
    r"(?P<reference>(?:(?:INV(?:OICE)?|IV|PO)[\s#:.]+)?[A-Z0-9][\w\-./#]*)\s+"
    r"(?:(?:AMT|AMOUNT|PAID)[\s:]*)?\$?(?P<amount>\d{1,13}\.\d{2})(?![\d.])",
    re.I,
)


@dataclass
class Invoice:
    """One invoice the text names (or an adjustment on no invoice), at ``offset`` in the text."""

    offset: int
    reference: str
    paid: Decimal | None
    problem: str | None = None
    signed: Decimal | None = None
    """What it adds to the transaction's total: the paid amount, or an invoice-less ADX01 with its sign."""
    adjustment: Decimal = ZERO
    code: str = ""
    text: str = ""
    discount: Decimal = ZERO
    adjusted: bool = False

    @property
    def scheme(self) -> str:
        return "x12" if self.code else ""

    @property
    def adjustment_text(self) -> str:
        text = self.text or (REASONS.get(self.code, f"adjustment reason {self.code} (X12 426)") if self.code else "")
        if self.discount:
            return f"{text}; {DISCOUNT_TEXT}" if text else DISCOUNT_TEXT
        return text

    @property
    def adjustment_amount(self) -> Decimal:
        return self.adjustment + self.discount


@dataclass
class Remittance:
    invoices: list[Invoice] = field(default_factory=list)
    customer_number: str = ""
    customer_name: str = ""
    problem: str | None = None
    """Wrong totals: none of the invoices count."""


def read_text(text: str, total: Decimal) -> Remittance:
    """The invoices ``text`` names for a transaction of ``total`` (see the module docstring)."""
    segments = [(found.start(), found.group()) for found in _SEGMENT.finditer(text)]
    parsed = [(offset + len(raw) - len(raw.lstrip(" ,")), raw.strip(" ,").split("*")) for offset, raw in segments]
    if any(elements[0].upper() in _X12_NAMES and len(elements) > 1 for _, elements in parsed):
        return _segments(parsed, total)
    plain = text.replace(",", " ")
    customer = _CUSTOMER.search(plain)
    remittance = Remittance(customer_number=clip(customer.group("number"), 64) if customer else "")
    pairs = [
        found
        for found in _PAIR.finditer(plain)
        if any(c.isdigit() for c in found.group("reference"))
        and not (customer and found.start() < customer.end() and found.end() > customer.start())
    ]
    try:
        amounts = [amount(found.group("amount"), "paid amount", zero=True) for found in pairs]
    except BadField:  # more than the cap: not an amount this reader believes
        amounts = []
    if amounts and sum(amounts, ZERO) == total:
        for found, paid in zip(pairs, amounts, strict=True):
            reference = " ".join(found.group("reference").split())
            remittance.invoices.append(Invoice(found.start(), clip(reference, 64), paid, signed=paid))
    else:
        reference = " ".join(text.replace(",", " ").split())
        remittance.invoices.append(Invoice(0, clip(reference, 140), total, signed=total))
    return remittance


def _get(elements: list[str], index: int) -> str:
    return elements[index].strip() if len(elements) > index else ""


def _segments(segments: list[tuple[int, list[str]]], total: Decimal) -> Remittance:
    remittance = Remittance()
    current: Invoice | None = None
    kind = ""
    for offset, elements in segments:
        name = elements[0].strip().upper()
        if name == "N1" and _get(elements, 1) == "PR":
            remittance.customer_name = clip(_get(elements, 2), 200)
            remittance.customer_number = clip(_get(elements, 4), 64)
        elif name == "ENT":
            current, kind = None, ""
        elif name == "RMR":
            current, kind = _rmr(offset, elements), "RMR"
            remittance.invoices.append(current)
        elif name == "ADX":
            if current is None or kind == "ADX":  # not under an RMR: an adjustment on no invoice (a chargeback)
                current, kind = Invoice(offset, clip(_get(elements, 4), 64), ZERO, signed=ZERO), "ADX"
                remittance.invoices.append(current)
            _adx(current, kind, elements)
        elif name == "NTE" and current is not None and current.adjusted and not current.text:
            current.text = clip(_get(elements, 2), 500)
    known = [invoice.signed for invoice in remittance.invoices]
    if all(value is not None for value in known):
        added = sum((value for value in known if value is not None), ZERO)
        if added != total:
            remittance.problem = (
                f"wrong totals: the invoices' paid amounts (RMR04) add up to {added}, "
                f"not to the transaction amount {total}."
            )
    return remittance


def _rmr(offset: int, elements: list[str]) -> Invoice:
    invoice = Invoice(offset, clip(_get(elements, 2), 64), None)
    try:
        signed = amount(_get(elements, 4), "paid amount (RMR04)", signed=True)
        invoice.signed = signed
        if signed < 0:
            raise BadField(f"the paid amount (RMR04) {signed} is negative: a credit cannot be applied here.")
        invoice.paid = signed
        if _get(elements, 5):
            amount(_get(elements, 5), "invoice amount (RMR05)", signed=True)
        if _get(elements, 6):
            invoice.discount = amount(_get(elements, 6), "discount (RMR06)", zero=True)
    except BadField as error:
        invoice.problem = error.message
    return invoice


def _adx(invoice: Invoice, kind: str, elements: list[str]) -> None:
    invoice.adjusted = True
    try:
        value = amount(_get(elements, 1), "adjustment amount (ADX01)", signed=True)
    except BadField as error:
        invoice.problem = invoice.problem or error.message
        invoice.signed = None
        return
    invoice.adjustment += abs(value)
    invoice.code = invoice.code or _get(elements, 2).upper()[:32]
    if kind == "ADX" and invoice.signed is not None:
        invoice.signed += value
