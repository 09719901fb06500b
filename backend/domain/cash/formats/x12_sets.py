"""One X12 820 transaction set (ST … SE), one payment: BPR, TRN, CUR, N1*PR, then ENT loops of RMR (+ ADX, NTE).

ADX under an RMR is that invoice's adjustment; an ADX in an ENT loop before any RMR is an adjustment
on no invoice (a chargeback) and becomes a line of its own with ``paid_amount`` 0. BPR02 must equal
the RMR04 amounts plus those invoice-less ADX01 amounts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.domain.cash.formats.fields import ZERO, BadField, amount, ccyymmdd, clip
from backend.domain.cash.remittance import LineError, LineSkipped, RemittanceLine

SET_BUFFER = 10_000
DISCOUNT_TEXT = "cash discount"
# ANSI X12 element 426 (adjustment reason), the codes DOMAIN.md seeds: the text when the file gives none.
REASONS = {
    "01": "pricing error",
    "04": "not accepted - damaged",
    "05": "not accepted - quality",
    "06": "quantity contested",
    "09": "terms of sale error",
    "11": "returns - damage",
    "12": "returns - quality",
    "13": "returns - dating",
    "14": "returns - promotion",
    "15": "returns - recall",
    "16": "non-invoice allowance",
    "19": "duplicate billing",
    "23": "special charge not authorised",
    "24": "incorrect discount",
    "28": "rebated shipments",
    "41": "not accepted - delay",
    "42": "not accepted - loss",
    "43": "missing discount",
    "54": "freight deducted",
    "55": "tax deducted",
    "56": "advertising allowance",
    "57": "volume discount",
    "59": "item not received",
}

Result = RemittanceLine | LineError | LineSkipped


def _get(elements: list[str], index: int) -> str:
    return elements[index].strip() if len(elements) > index else ""


@dataclass
class _Invoice:
    """An RMR (or an invoice-less ADX) and the adjustments under it."""

    segment: int
    name: str
    reference: str
    paid: Decimal | None
    signed_total: Decimal | None
    problem: str | None = None
    adjustment: Decimal = ZERO
    code: str = ""
    notes: str = ""
    discount: Decimal = ZERO
    adjusted: bool = False


class TransactionSet:
    """Collects one transaction set's payment and invoices; :meth:`end` checks it and lets its lines out."""

    def __init__(self, start: int, kind: str, control: str) -> None:
        self.start, self.kind, self.control = start, kind, control
        self.where = f"X12 {kind or '?'} transaction set {control or '?'} (segment {start})"
        self.count = 1
        self.skipped: str | None = None if kind == "820" else f"{self.where}: not a remittance advice (820); skipped."
        self.problem: tuple[int, str] | None = None
        self.payment: Decimal | None = None
        self.received_on: date | None = None
        self.reference = ""
        self.currency = ""
        self.payer = ("", "")
        self.invoice: _Invoice | None = None
        self.in_entity = False
        self.held: list[_Invoice] = []
        self.lines = 0
        self.total = ZERO
        self.total_known = True
        self.flushed = False
        self.seen_bpr = 0

    def _fail(self, segment: int, name: str, message: str) -> None:
        if self.problem is None:
            self.problem = (segment, f"X12 820 segment {segment} ({name}): {message}")

    def segment(self, number: int, name: str, elements: list[str]) -> Iterator[Result]:
        self.count += 1
        if self.skipped:
            return
        if name == "BPR":
            self._bpr(number, elements)
        elif name == "TRN":
            self.reference = clip(_get(elements, 2), 64)
        elif name == "CUR":
            self.currency = _get(elements, 2).upper()[:3]
        elif name == "N1" and _get(elements, 1) == "PR":
            self.payer = (clip(_get(elements, 2), 140), clip(_get(elements, 4), 64))
        elif name == "ENT":
            yield from self._close()
            self.in_entity = True
        elif name == "RMR":
            yield from self._close()
            self.invoice = self._rmr(number, elements)
        elif name == "ADX":
            yield from self._adx(number, elements)
        elif name == "NTE" and self.invoice is not None and self.invoice.adjusted and not self.invoice.notes:
            self.invoice.notes = clip(_get(elements, 2), 500)

    def _bpr(self, number: int, elements: list[str]) -> None:
        self.seen_bpr = number
        flag = _get(elements, 3)
        try:
            self.payment = amount(_get(elements, 2), "payment amount (BPR02)")
        except BadField as error:
            self._fail(number, "BPR", error.message)
        if flag == "D":
            self.skipped = f"{self.where}: a debit (BPR03 D), not a customer payment; skipped."
        elif flag != "C":
            self._fail(number, "BPR", f"the credit/debit flag (BPR03) is {flag!r}, not C.")
        try:
            self.received_on = ccyymmdd(_get(elements, 16), "payment date (BPR16)")
        except BadField as error:
            self._fail(number, "BPR", error.message)

    def _rmr(self, number: int, elements: list[str]) -> _Invoice:
        invoice = _Invoice(number, "RMR", clip(_get(elements, 2), 64), None, None)
        try:
            signed = amount(_get(elements, 4), "paid amount (RMR04)", signed=True)
            invoice.signed_total = signed
            if signed < 0:
                raise BadField(f"the paid amount (RMR04) {signed} is negative: a credit cannot be applied here.")
            invoice.paid = signed
            if _get(elements, 5):
                amount(_get(elements, 5), "invoice amount (RMR05)", signed=True)
            if _get(elements, 6):
                invoice.discount = amount(_get(elements, 6), "discount (RMR06)", zero=True)
        except BadField as error:
            invoice.problem = f"X12 820 segment {number} (RMR): {error.message}"
        return invoice

    def _adx(self, number: int, elements: list[str]) -> Iterator[Result]:
        try:
            value = amount(_get(elements, 1), "adjustment amount (ADX01)", signed=True)
        except BadField as error:
            value = None
            problem = f"X12 820 segment {number} (ADX): {error.message}"
        code = _get(elements, 2).upper()[:32]
        target = self.invoice
        if target is None or target.name == "ADX":  # not under an RMR: an adjustment on no invoice
            yield from self._close()
            target = self.invoice = _Invoice(number, "ADX", clip(_get(elements, 4), 64), ZERO, ZERO)
        target.adjusted = True
        if value is None:
            target.problem = target.problem or problem
            return
        target.adjustment += abs(value)
        target.code = target.code or code
        if target.name == "ADX" and target.signed_total is not None:
            target.signed_total += value

    def _close(self) -> Iterator[Result]:
        invoice, self.invoice = self.invoice, None
        if invoice is None:
            return
        if invoice.signed_total is None:
            self.total_known = False
        else:
            self.total += invoice.signed_total
        self.held.append(invoice)
        self.lines += 1
        if self.lines > SET_BUFFER:
            self.flushed = True
            yield from self._release(f"not taken: {self.where} has an error." if self.problem else None)

    def end(self, number: int, elements: list[str]) -> Iterator[Result]:
        """The SE segment: check the count, the control number and the totals, then let the lines out."""
        self.count += 1
        if self.skipped:
            yield LineSkipped(self.start, self.skipped)
            return
        yield from self._close()
        if self.lines == 0 and self.seen_bpr:  # a payment without remittance: one line on no invoice
            self.held.append(_Invoice(self.seen_bpr, "BPR", "", self.payment, self.payment))
            self.total = self.payment or ZERO
        declared, control = _get(elements, 1), _get(elements, 2)
        if control != self.control:
            self._fail(number, "SE", f"its control number {control!r} is not the ST's {self.control!r}.")
        elif declared != str(self.count):
            self._fail(number, "SE", f"it counts {declared or 'no'} segments; the transaction set has {self.count}.")
        if not self.seen_bpr:
            self._fail(self.start, "ST", "the transaction set has no BPR segment (payment amount and date).")
        elif not self.reference:
            self._fail(self.start, "ST", "the transaction set has no TRN segment (payment reference).")
        elif self.problem is None and self.payment is not None and self.total_known and self.total != self.payment:
            self._fail(
                self.seen_bpr,
                "BPR",
                f"wrong totals: the invoices' paid amounts (RMR04) add up to {self.total}, "
                f"not to the payment amount {self.payment} (BPR02).",
            )
        if self.problem is None:
            yield from self._release(None)
            return
        segment, message = self.problem
        if self.flushed:
            yield LineError(segment, f"{message} None of the transaction set's lines count.")
            return
        kind = "wrong totals" if "wrong totals" in message else "an error"
        taken = self._release(f"not taken: {self.where} has {kind} (segment {segment}).")
        results = [LineError(segment, message), *(result for result in taken if result.line != segment)]
        yield from sorted(results, key=lambda result: result.line)

    def _release(self, reason: str | None) -> Iterator[Result]:
        held, self.held = self.held, []
        for invoice in held:
            label = f"X12 820 segment {invoice.segment} ({invoice.name})"
            if reason is not None:
                yield LineError(invoice.segment, f"{label}: {reason}")
                continue
            if invoice.problem or invoice.paid is None or self.payment is None or self.received_on is None:
                yield LineError(invoice.segment, invoice.problem or f"{label}: the payment cannot be read.")
                continue
            adjustment, code, text = invoice.adjustment, invoice.code, invoice.notes
            if code and not text:
                text = REASONS.get(code, f"adjustment reason {code} (X12 426)")
            if invoice.discount:
                adjustment += invoice.discount
                text = f"{text}; {DISCOUNT_TEXT}" if text else DISCOUNT_TEXT
            yield RemittanceLine(
                line=invoice.segment,
                payment_reference=self.reference,
                received_on=self.received_on,
                customer_number=self.payer[1],
                customer_name=self.payer[0],
                payment_amount=self.payment,
                currency=self.currency,
                invoice_reference=invoice.reference,
                paid_amount=invoice.paid,
                adjustment_amount=adjustment,
                adjustment_scheme="x12" if code else "",
                adjustment_code=code,
                adjustment_text=text,
            )
