"""One EDIFACT REMADV message (UNH … UNT), one payment: its header, then a DOC group per invoice.

The header (before the first DOC) gives the payment: BGM (document number, message function), DTM+171
or DTM+137 (the date), RFF (PQ: the payment reference), NAD+PR (the payer), CUX and MOA+9 (the amount,
which may also come after UNS). A DOC group is one invoice: its MOA+12 (or 11, or 9) is what is paid,
MOA+52 a cash discount, and each AJT group (AJT, MOA, FTX) an adjustment with its 4465 reason code. Line
items (DLI groups) and payment instructions (INP groups) are not read. What is read from where is in
docs/IMPORTS.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from backend.domain.cash.formats.fields import ZERO, BadField, amount, ccyymmdd, clip
from backend.domain.cash.remittance import LineError, LineSkipped, RemittanceLine

MESSAGE_BUFFER = 10_000
DISCOUNT_TEXT = "cash discount"
# UN/EDIFACT 4465 (adjustment reason), the codes the reason mapping seeds: the text when the file gives none.
REASONS = {
    "2": "below specification goods",
    "3": "damaged goods",
    "4": "short delivery",
    "5": "price query",
    "9": "invoice error",
    "13": "counter claim",
    "16": "goods partly returned",
    "17": "transport damage",
    "19": "trade discount",
    "20": "discount for late delivery",
    "21": "advertising costs",
    "26": "taxes",
    "29": "buyer refused to take delivery",
    "30": "direct payment to seller",
    "32": "goods not delivered",
    "33": "late delivery",
    "35": "goods returned",
    "38": "deducted bonus",
}
# The segments a REMADV message may hold (UNCL directories D.96A to D.22A); others spoil the message.
SEGMENTS = frozenset(
    "AJT ALC BGM COM CTA CUX DLI DOC DTM FII FTX GEI GIS IMD INP LOC MOA NAD PAI PCD PIA PRI QTY RCS RFF TAX "
    "UNS".split()
)
_PAID = {"12": 0, "11": 1, "9": 2}
_DATES = {"171": 0, "137": 1}

Result = RemittanceLine | LineError | LineSkipped


def component(segment: Any, element: int, index: int = 0) -> str:
    """One component of one data element of a pydifact segment, ``""`` when absent."""
    elements = segment.elements
    if len(elements) <= element:
        return ""
    value = elements[element]
    if isinstance(value, list):
        return value[index].strip() if len(value) > index else ""
    return value.strip() if index == 0 else ""


def _amount(raw: str, what: str, **options: bool) -> Decimal:
    """An EDIFACT amount: either decimal mark (ISO 9735 allows both), a leading minus sign."""
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    return amount(raw, what, **options)


def _date(value: str, form: str, what: str) -> date:
    if form == "101" and len(value) == 6:
        value = f"20{value}"
    elif form in {"203", "204"} and len(value) in {12, 14}:
        value = value[:8]
    elif form not in {"", "102"}:
        raise BadField(f"the {what} has the date format {form}; 102 (CCYYMMDD), 203, 204 or 101 are read.")
    return ccyymmdd(value, what)


@dataclass
class _Document:
    """A DOC group and its amounts and adjustments."""

    segment: int
    reference: str
    problem: str | None = None
    paid: Decimal | None = None
    rank: int = 9
    signed: Decimal | None = None
    adjustment: Decimal = ZERO
    adjusted: bool = False
    loose: Decimal = ZERO
    code: str = ""
    text: str = ""
    discount: Decimal = ZERO

    def fail(self, number: int, tag: str, message: str) -> None:
        self.problem = self.problem or f"EDIFACT segment {number} ({tag}): {message}"


class Message:
    """Collects one message's payment and documents; :meth:`end` checks it and lets its lines out."""

    def __init__(self, start: int, reference: str, kind: str) -> None:
        self.start, self.reference = start, reference
        self.where = f"EDIFACT {kind or '?'} message {reference or '?'} (segment {start})"
        self.count = 1
        self.skipped = None if kind == "REMADV" else f"{self.where}: not a remittance advice (REMADV); skipped."
        self.problem: tuple[int, str] | None = None
        self.payment: Decimal | None = None
        self.payment_segment = start
        self.received: tuple[int, date] | None = None
        self.references: dict[str, str] = {}
        self.document_number = ""
        self.currency = ""
        self.payer = ("", "")
        self.context = "header"
        self.document: _Document | None = None
        self.held: list[_Document] = []
        self.documents = 0
        self.total = ZERO
        self.total_known = True
        self.flushed = False

    def fail(self, number: int, tag: str, message: str) -> None:
        if self.problem is None:
            self.problem = (number, f"EDIFACT segment {number} ({tag}): {message}")

    def segment(self, number: int, segment: Any) -> Iterator[Result]:
        """A segment between UNH and UNT."""
        self.count += 1
        tag = segment.tag
        if self.skipped:
            return
        if tag not in SEGMENTS:
            self.fail(number, tag, f"{tag} is not a segment of a REMADV message.")
        elif tag == "DOC":
            yield from self._close()
            self.context = "document"
            self.document = _Document(number, clip(component(segment, 1), 64))
            if not self.document.reference:
                self.document.fail(number, tag, "the document number (DOC C503, 1004) is missing.")
        elif tag == "UNS":
            yield from self._close()
            self.context = "summary"
        elif tag == "MOA":
            self._moa(number, segment)
        elif self.document is not None:
            self._in_document(tag, segment)
        elif self.context == "header":
            self._header(number, tag, segment)

    def _header(self, number: int, tag: str, segment: Any) -> None:
        if tag == "BGM":
            self.document_number = clip(component(segment, 1), 64)
            if component(segment, 2) == "1":
                self.skipped = f"{self.where}: a cancellation (BGM 1225 = 1), not a payment; skipped."
        elif tag == "DTM":
            qualifier = component(segment, 0)
            if qualifier in _DATES and (self.received is None or _DATES[qualifier] < self.received[0]):
                try:
                    when = _date(component(segment, 0, 1), component(segment, 0, 2), f"date (DTM+{qualifier})")
                    self.received = (_DATES[qualifier], when)
                except BadField as error:
                    self.fail(number, tag, error.message)
        elif tag == "RFF":
            self.references.setdefault(component(segment, 0), clip(component(segment, 0, 1), 64))
        elif tag == "NAD" and component(segment, 0) == "PR":
            name = " ".join(part for part in _parts(segment, 3) if part) or component(segment, 2)
            self.payer = (clip(name, 200), clip(component(segment, 1), 64))
        elif tag == "CUX" and not self.currency:
            self.currency = component(segment, 0, 1).upper()[:3]

    def _moa(self, number: int, segment: Any) -> None:
        qualifier, raw = component(segment, 0), component(segment, 0, 1)
        document = self.document
        if document is None or self.context == "summary":
            if qualifier in {"9", "12"} and self.payment is None:
                self.payment_segment = number
                try:
                    self.payment = _amount(raw, f"payment amount (MOA+{qualifier})")
                except BadField as error:
                    self.fail(number, "MOA", error.message)
                self.currency = component(segment, 0, 2).upper()[:3] or self.currency
            return
        try:
            if self.context == "adjustment":
                document.adjustment += abs(_amount(raw, f"adjustment amount (MOA+{qualifier})", signed=True))
            elif self.context != "document":
                return
            elif qualifier in _PAID and _PAID[qualifier] < document.rank:
                value = _amount(raw, f"paid amount (MOA+{qualifier})", signed=True)
                document.signed, document.rank = value, _PAID[qualifier]
                if value < 0:
                    raise BadField(
                        f"the paid amount (MOA+{qualifier}) {value} is negative: a credit note cannot be applied here."
                    )
                document.paid = value
            elif qualifier == "52":
                document.discount += _amount(raw, "discount (MOA+52)", zero=True)
            elif qualifier == "165":
                document.loose += abs(_amount(raw, "adjustment amount (MOA+165)", signed=True))
            elif qualifier in {"39", "77"}:
                _amount(raw, f"invoice amount (MOA+{qualifier})", signed=True)
        except BadField as error:
            document.fail(number, "MOA", error.message)

    def _in_document(self, tag: str, segment: Any) -> None:
        document = self.document
        assert document is not None
        if tag == "AJT":
            self.context = "adjustment"
            document.adjusted = True
            document.code = document.code or component(segment, 0).upper()[:32]
        elif tag == "FTX" and self.context == "adjustment" and not document.text:
            document.text = clip(" ".join(part for part in _parts(segment, 3) if part), 500)
        elif tag in {"DLI", "INP"}:
            self.context = "other"

    def _close(self) -> Iterator[Result]:
        document, self.document = self.document, None
        if document is None:
            return
        if document.paid is None and document.problem is None:
            document.problem = (
                f"EDIFACT segment {document.segment} (DOC): the document has no MOA+12, MOA+11 or MOA+9 (amount paid)."
            )
        if document.signed is None:
            self.total_known = False
        else:
            self.total += document.signed
        self.held.append(document)
        self.documents += 1
        if len(self.held) > MESSAGE_BUFFER and self._payment_known():
            self.flushed = True
            yield from self._release(f"not taken: {self.where} has an error." if self.problem else None)

    def _payment_known(self) -> bool:
        return self.payment is not None and self.received is not None and bool(self._reference())

    def _reference(self) -> str:
        for qualifier, value in self.references.items():
            if qualifier == "PQ" and value:
                return value
        others = [value for qualifier, value in self.references.items() if qualifier != "ALC" and value]
        return others[0] if others else self.document_number

    def end(self, number: int, segment: Any) -> Iterator[Result]:
        """The UNT segment: check the count and the totals, then let the lines out."""
        self.count += 1
        if self.skipped:
            yield LineSkipped(self.start, self.skipped)
            return
        yield from self._close()
        declared, control = component(segment, 0), component(segment, 1)
        if control != self.reference:
            self.fail(number, "UNT", f"its message reference {control!r} is not the UNH's {self.reference!r}.")
        elif declared != str(self.count):
            self.fail(number, "UNT", f"it counts {declared or 'no'} segments; the message has {self.count}.")
        if self.received is None:
            self.fail(self.start, "UNH", "the message has no DTM+171 or DTM+137 (the payment date).")
        elif not self._reference():
            self.fail(self.start, "UNH", "the message has no RFF+PQ or BGM number (the payment reference).")
        if self.payment is None and not self.total_known:  # no MOA+9, and the documents' sum is not known either
            bad = next(document for document in self.held if document.signed is None)
            self.problem = self.problem or (bad.segment, bad.problem or "")
        elif self.payment is None and self.problem is None:
            if self.total <= 0:
                self.fail(self.start, "UNH", f"the documents add up to {self.total} and no MOA+9 says what is paid.")
            self.payment = self.total
        elif self.problem is None and self.payment is not None and self.total_known and self.documents:
            if self.total != self.payment:
                self.fail(
                    self.payment_segment,
                    "MOA",
                    f"wrong totals: the documents' paid amounts (MOA+12) add up to {self.total}, "
                    f"not to the payment amount {self.payment} (MOA+9).",
                )
        if not self.documents and self.payment is not None:  # a payment without documents: one line on no invoice
            self.held.append(_Document(self.start, "", paid=self.payment))
        if self.problem is None:
            yield from self._release(None)
            return
        at, message = self.problem
        if self.flushed:
            yield LineError(at, f"{message} None of the message's lines count.")
            return
        kind = "wrong totals" if "wrong totals" in message else "an error"
        taken = self._release(f"not taken: {self.where} has {kind} (segment {at}).")
        results = [LineError(at, message), *(result for result in taken if result.line != at)]
        yield from sorted(results, key=lambda result: result.line)

    def _release(self, reason: str | None) -> Iterator[Result]:
        held, self.held = self.held, []
        for document in held:
            label = f"EDIFACT segment {document.segment} (DOC)"
            if reason is not None and document.problem is None:
                yield LineError(document.segment, f"{label}: {reason}")
                continue
            if document.problem or document.paid is None or self.payment is None or self.received is None:
                yield LineError(document.segment, document.problem or f"{label}: the payment cannot be read.")
                continue
            code, text = document.code, document.text
            if code and not text:
                text = REASONS.get(code, f"adjustment reason {code} (EDIFACT 4465)")
            adjustment = document.adjustment if document.adjusted else document.loose
            if document.discount:
                adjustment += document.discount
                text = f"{text}; {DISCOUNT_TEXT}" if text else DISCOUNT_TEXT
            yield RemittanceLine(
                line=document.segment,
                payment_reference=self._reference(),
                received_on=self.received[1],
                customer_number=self.payer[1],
                customer_name=self.payer[0],
                payment_amount=self.payment,
                currency=self.currency,
                invoice_reference=document.reference,
                paid_amount=document.paid,
                adjustment_amount=adjustment,
                adjustment_scheme="edifact" if code else "",
                adjustment_code=code,
                adjustment_text=text,
            )


def _parts(segment: Any, element: int) -> list[str]:
    elements = segment.elements
    if len(elements) <= element:
        return []
    value = elements[element]
    return [part.strip() for part in value] if isinstance(value, list) else [value.strip()]
