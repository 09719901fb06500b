"""What every remittance format is read into: one line per invoice a payment pays (or short-pays).

Parsers (``backend/domain/cash/formats``) stream a file and yield, in file order, a
:class:`RemittanceLine` for each good line, a :class:`LineError` for each bad one and a
:class:`LineSkipped` for what is not a customer payment; a
file that cannot be read at all raises :class:`FileRejected`. Matching and applying the
cash is the import pipeline's job, not the parser's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO, Protocol


@dataclass(frozen=True)
class RemittanceLine:
    line: int
    """Where a person finds it in the file: CSV row, XML line of the transaction, X12 segment number."""
    payment_reference: str
    """Cheque / wire / ACH / end-to-end reference; lines with the same reference and customer are one payment."""
    received_on: date
    customer_number: str
    """The payer's customer account number when the file carries one, else ``""`` (matched by invoice number)."""
    customer_name: str
    payment_amount: Decimal
    currency: str
    """ISO 4217 code, ``""`` when the format does not say."""
    invoice_reference: str
    """What the customer wrote: invoice or PO number, possibly ``""`` (then amount heuristics apply)."""
    paid_amount: Decimal
    adjustment_amount: Decimal
    """The short pay on this invoice (>= 0): it becomes a deduction."""
    adjustment_scheme: str
    """``x12`` (426), ``edifact`` (4465), ``iso20022`` or ``""``."""
    adjustment_code: str
    adjustment_text: str
    advice_id: uuid.UUID | None = None
    """Set when the line is not from the file but from an e-mailed advice its payment was matched by
    (``cash.advices``); parsers leave it out."""


@dataclass(frozen=True)
class LineError:
    line: int
    message: str
    read: str = ""
    """The row's values as they were read (e.g. ``CHK-E, 2026-11-20, C-1001, NaN, …``), for the report."""

    @property
    def reported(self) -> str:
        """The message, with the values the row was read with when there are any."""
        return f"{self.message} Read: {self.read}" if self.read else self.message


@dataclass(frozen=True)
class LineSkipped:
    """A part of the file that is not a customer payment (e.g. a debit on a bank statement): reported, not applied."""

    line: int
    message: str


class FileRejected(Exception):
    """The file as a whole cannot be read (encoding, header, structure, totals of the whole file, entities)."""


class RemittanceParser(Protocol):
    def __call__(self, stream: BinaryIO) -> Iterator[RemittanceLine | LineError | LineSkipped]: ...
