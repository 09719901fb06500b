"""One camt entry (``Ntry``) and its transactions (``NtryDtls/TxDtls``) into remittance lines, with the totals checks.

An entry's lines are held back until the entry ends so that wrong totals can mark every line of it;
past :data:`ENTRY_BUFFER` lines (a batch booking of thousands of payments) they are let out as they
come, and wrong totals then make one LineError on the entry's own line instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from backend.domain.cash.formats.fields import ZERO
from backend.domain.cash.remittance import LineError, LineSkipped, RemittanceLine

if TYPE_CHECKING:
    from backend.domain.cash.formats.camt_elements import Paths

ENTRY_BUFFER = 10_000


@dataclass
class Doc:
    line: int
    invoice: str
    paid: Decimal | None = None
    """``None``: not stated, the transaction's amount when it pays this one document only."""
    adjustment: tuple[Decimal, str, str, str] = (ZERO, "", "", "")
    problem: str | None = None


@dataclass
class Tx:
    index: int
    line: int
    reference: str
    name: str
    number: str
    currency: str
    amount: Decimal | None
    problem: str | None
    docs: list[Doc] = field(default_factory=list)


@dataclass
class Entry:
    label: str
    index: int
    line: int
    paths: Paths
    header_read: bool = False
    skipped: str | None = None
    problem: str | None = None
    amount: Decimal | None = None
    currency: str = ""
    credit: bool = False
    received_on: date | None = None
    references: tuple[str, str] = ("", "")
    transactions: int = 0
    buffered: list[Tx] = field(default_factory=list)
    buffered_lines: int = 0
    flushed: bool = False
    tx_total: Decimal = ZERO
    tx_total_known: bool = True

    @property
    def where(self) -> str:
        return f"{self.label} entry {self.index} (line {self.line})"

    def add(self, tx: Tx) -> None:
        self.transactions += 1
        if tx.amount is None or tx.currency != self.currency:
            self.tx_total_known = False
        else:
            self.tx_total += tx.amount
        self.buffered.append(tx)
        self.buffered_lines += max(1, len(tx.docs))

    def overflow(self) -> Iterator[RemittanceLine | LineError]:
        """Let the held-back lines out when there are too many to hold."""
        if self.buffered_lines > ENTRY_BUFFER:
            self.flushed = True
            yield from self._release(f"not taken: {self.where} has an error." if self.problem else None)

    def finish(self) -> Iterator[RemittanceLine | LineError | LineSkipped]:
        if self.skipped:
            yield LineSkipped(self.line, self.skipped)
            return
        if self.transactions == 0:
            yield self._without_details()
            return
        problem = self.problem
        if problem is None and self.amount is not None and self.tx_total_known and self.tx_total != self.amount:
            problem = (
                f"wrong totals: the transaction amounts add up to {self.tx_total}, "
                f"not to the entry amount {self.amount} {self.currency}."
            )
        if problem is None:
            yield from self._release(None)
        elif self.flushed:
            yield from self._release(f"not taken: {self.where} has an error." if self.problem else None)
            yield LineError(self.line, f"{self.where}: {problem} None of its {self.transactions} transactions count.")
        else:
            yield LineError(self.line, f"{self.where}: {problem}")
            kind = "wrong totals" if problem.startswith("wrong totals") else "an error"
            yield from self._release(f"not taken: {self.where} has {kind}.")

    def _release(self, wrong: str | None) -> Iterator[RemittanceLine | LineError]:
        for tx in self.buffered:
            yield from self._lines(tx, wrong)
        self.buffered, self.buffered_lines = [], 0

    def _lines(self, tx: Tx, wrong: str | None) -> Iterator[RemittanceLine | LineError]:
        where = f"{self.label} entry {self.index}, transaction {tx.index}"
        payment = tx.amount
        if payment is None and tx.problem is None:
            if self.transactions == 1 and not self.flushed and self.amount is not None:
                payment, tx.currency = self.amount, self.currency
            else:
                tx.problem = "the transaction has no amount (Amt or AmtDtls/TxAmt/Amt)."
        docs = tx.docs or [Doc(tx.line, "")]
        problem = wrong or tx.problem
        if problem is None and not tx.reference:
            problem = "there is no payment reference (Refs/EndToEndId or AcctSvcrRef, or the entry's NtryRef)."
        if problem is None and payment is not None:
            stated = [doc.paid for doc in docs]
            if all(paid is not None for paid in stated) and len(docs) > 0:
                total = sum((paid for paid in stated if paid is not None), ZERO)
                if total != payment and not any(doc.problem for doc in docs):
                    problem = (
                        f"wrong totals: the remitted amounts (RmtdAmt) add up to {total}, "
                        f"not to the transaction amount {payment} {tx.currency}."
                    )
        for doc in docs:
            paid = doc.paid
            doc_problem = problem or doc.problem
            if doc_problem is None and paid is None:
                if len(docs) == 1:
                    paid = payment
                else:
                    doc_problem = (
                        f"document {doc.invoice!r} has no remitted amount (RfrdDocAmt/RmtdAmt) and the "
                        f"transaction pays {len(docs)} documents."
                    )
            if doc_problem is not None or paid is None or payment is None or self.received_on is None:
                yield LineError(doc.line, f"{where} (line {doc.line}): {doc_problem or 'the entry has no date.'}")
                continue
            adjustment, scheme, code, text = doc.adjustment
            yield RemittanceLine(
                line=doc.line,
                payment_reference=tx.reference,
                received_on=self.received_on,
                customer_number=tx.number,
                customer_name=tx.name,
                payment_amount=payment,
                currency=tx.currency,
                invoice_reference=doc.invoice,
                paid_amount=paid,
                adjustment_amount=adjustment,
                adjustment_scheme=scheme,
                adjustment_code=code,
                adjustment_text=text,
            )

    def _without_details(self) -> RemittanceLine | LineError:
        reference = self.references[0] or self.references[1]
        problem = self.problem
        if problem is None and not reference:
            problem = "there is no payment reference (NtryRef or AcctSvcrRef) and no transaction details."
        if problem is not None or self.amount is None or self.received_on is None:
            return LineError(self.line, f"{self.where}: {problem}")
        return RemittanceLine(
            line=self.line,
            payment_reference=reference,
            received_on=self.received_on,
            customer_number="",
            customer_name="",
            payment_amount=self.amount,
            currency=self.currency,
            invoice_reference="",
            paid_amount=self.amount,
            adjustment_amount=ZERO,
            adjustment_scheme="",
            adjustment_code="",
            adjustment_text="",
        )
