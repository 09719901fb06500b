"""The remittance formats an import reads (temporary: lockbox CSV only, until the streaming parsers land)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from backend.domain.cash.formats import lockbox_csv
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine, RemittanceParser


def _lockbox(stream: BinaryIO) -> Iterator[RemittanceLine | LineError | LineSkipped]:
    try:
        lines, errors = lockbox_csv.parse_lockbox(stream.read())
    except lockbox_csv.FileRejected as error:
        raise FileRejected(str(error)) from error
    items: list[RemittanceLine | LineError | LineSkipped] = [LineError(n, m) for n, m in errors]
    items += [
        RemittanceLine(
            line=x.line,
            payment_reference=x.payment_reference,
            received_on=x.received_on,
            customer_number=x.customer_number,
            customer_name="",
            payment_amount=x.payment_amount,
            currency="",
            invoice_reference=x.invoice_reference,
            paid_amount=x.paid_amount,
            adjustment_amount=x.adjustment_amount,
            adjustment_scheme=x.adjustment_scheme,
            adjustment_code=x.adjustment_code,
            adjustment_text=x.adjustment_text,
        )
        for x in lines
    ]
    yield from sorted(items, key=lambda item: item.line)


FORMATS: dict[str, RemittanceParser] = {"lockbox_csv": _lockbox}


def detect_format(head: bytes) -> str | None:
    return "lockbox_csv" if head.lstrip(b"\xef\xbb\xbf").startswith(b"payment_reference,") else None
