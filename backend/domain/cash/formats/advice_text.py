"""A remittance advice as text (a PDF's extracted text): the lines that name an invoice and an amount.

Deliberately simple. A text line is an advice line when it has a reference-like word (letters, digits, ``-``,
``/``, ``.``, ``#``; a digit, and three digits or four characters; not a date, not an amount) and, after it, one
or more amounts with two decimals. The reference is the first such word (a word after "invoice", "inv" or "doc" wins); the paid amount is
the line's last amount; when the line has several and the first is larger, the first is the invoice amount and
the difference an adjustment ("Invoice amount, discount, paid"). A line saying "total" is the advice's total,
checked against the lines. "Payment reference", "cheque no.", "check #", "EFT trace" give the payment's
reference; the first ISO or DD.MM.YYYY date after "payment date", "value date" or "paid on" its date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.domain.cash.formats.advice import parse_amount, parse_day
from backend.domain.cash.formats.fields import ZERO, BadField, clip
from backend.domain.cash.remittance import RemittanceLine

REMITTANCE_WORDS = re.compile(
    r"remittance|remit\s+advice|payment\s+advice|advice\s+of\s+payment|payment\s+notification|zahlungsavis|"
    r"avis\s+de\s+paiement",
    re.I,
)
_AMOUNT = re.compile(
    r"(?<![\w.,/-])\(?[-−]?(?:[$€£]\s?|(?:USD|EUR|GBP|CAD)\s)?"
    r"(?:\d{1,3}(?:[,. ']\d{3})+|\d+)[.,]\d{2}\)?-?(?:\s?(?:USD|EUR|GBP|CAD))?(?![\w.,/])"
)
_WORD = re.compile(r"[A-Za-z0-9#][A-Za-z0-9#/.\-]*[A-Za-z0-9]")
_DATE = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_INVOICE_LABEL = re.compile(r"^(invoice|inv|doc|document|bill|rechnung|facture)[.:#]?$", re.I)
_TOTAL = re.compile(r"\b(grand\s+)?total\b|\bsumme\b", re.I)
_PAYMENT_REFERENCE = re.compile(
    r"(?:payment\s+ref(?:erence)?|cheque\s+(?:no\.?|number|#)|check\s+(?:no\.?|number|#)|eft\s+trace|"
    r"transfer\s+ref(?:erence)?|reference\s+no\.?)\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9/\-]{2,40})",
    re.I,
)
_PAYMENT_DATE = re.compile(
    r"(?:payment\s+date|value\s+date|paid\s+on|date\s+paid)\s*[:#]?\s*(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})",
    re.I,
)


@dataclass(frozen=True)
class TextAdvice:
    lines: list[RemittanceLine]
    payment_reference: str
    stated_total: Decimal | None
    problem: str = ""
    """Why the text is no usable advice (``""`` when it is)."""


def looks_like_remittance(*texts: str) -> bool:
    """Whether a file name, subject or text calls itself a remittance / payment advice."""
    return any(REMITTANCE_WORDS.search(text or "") for text in texts)


def _reference(words: list[str]) -> str:
    candidates = []
    for index, word in enumerate(words):
        digits = sum(ch.isdigit() for ch in word)
        if not digits or (digits < 3 and len(word) < 4) or _DATE.match(word) or _AMOUNT.fullmatch(word):
            continue
        after_label = index > 0 and _INVOICE_LABEL.match(words[index - 1]) is not None
        candidates.append((0 if after_label else 1, index, word.lstrip("#")))
    return min(candidates)[2] if candidates else ""


def read_text_advice(text: str, *, customer_number: str, received_on: date) -> TextAdvice:
    """The advice lines of ``text`` (see the module docstring), as RemittanceLines of ``customer_number``."""
    reference_found = _PAYMENT_REFERENCE.search(text)
    payment_reference = clip(reference_found.group(1), 64) if reference_found else ""
    date_found = _PAYMENT_DATE.search(text)
    if date_found:
        try:
            received_on = parse_day(date_found.group(1), "payment date")
        except BadField:
            pass
    found: list[tuple[int, str, Decimal, Decimal]] = []
    stated_total: Decimal | None = None
    for number, raw_line in enumerate(text.splitlines(), start=1):
        amounts = list(_AMOUNT.finditer(raw_line))
        if not amounts:
            continue
        try:
            values = [parse_amount(a.group(0).strip(), "amount", allow_negative=True) for a in amounts]
        except BadField:
            continue
        if _TOTAL.search(raw_line[: amounts[0].start()]):
            stated_total = abs(values[-1])
            continue
        reference = _reference(_WORD.findall(raw_line[: amounts[0].start()]))
        if not reference:
            continue
        paid = values[-1]
        if paid < 0:
            continue  # a credit note netted on the advice: not a payment of an invoice
        adjustment = values[0] - paid if len(values) > 1 and values[0] > paid else ZERO
        found.append((number, clip(reference, 64), paid, adjustment))
    if not found:
        return TextAdvice([], payment_reference, stated_total, "no line with an invoice number and an amount")
    total = sum((paid for _, _, paid, _ in found), ZERO)
    if total <= 0:
        return TextAdvice([], payment_reference, stated_total, "its lines pay nothing")
    if stated_total is not None and stated_total != total:
        return TextAdvice(
            [], payment_reference, stated_total, f"its lines add up to {total}, but it says the total is {stated_total}"
        )
    lines = [
        RemittanceLine(
            line=number,
            payment_reference=payment_reference,
            received_on=received_on,
            customer_number=customer_number,
            customer_name="",
            payment_amount=total,
            currency="",
            invoice_reference=reference,
            paid_amount=paid,
            adjustment_amount=adjustment,
            adjustment_scheme="",
            adjustment_code="",
            adjustment_text="deducted on the advice" if adjustment else "",
        )
        for number, reference, paid, adjustment in found
    ]
    return TextAdvice(lines, payment_reference, stated_total)
