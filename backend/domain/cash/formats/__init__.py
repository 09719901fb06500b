"""The remittance file formats Recoup reads, each a streaming parser into RemittanceLines (docs/IMPORTS.md)."""

from __future__ import annotations

import functools
import re
from typing import Any

from backend.domain.cash.formats.advice import ColumnMap, parse_advice
from backend.domain.cash.formats.bai2 import parse_bai2
from backend.domain.cash.formats.camt import parse_camt053, parse_camt054
from backend.domain.cash.formats.edifact_remadv import parse_edifact_remadv
from backend.domain.cash.formats.lockbox_csv import COLUMNS, parse_lockbox
from backend.domain.cash.formats.x12_820 import parse_x12_820
from backend.domain.cash.remittance import RemittanceParser

FORMATS: dict[str, RemittanceParser] = {
    "lockbox_csv": parse_lockbox,
    "camt.053": parse_camt053,
    "camt.054": parse_camt054,
    "x12_820": parse_x12_820,
    "bai2": parse_bai2,
    "edifact_remadv": parse_edifact_remadv,
}
ADVICE = "advice"
"""A customer's own spreadsheet (CSV or XLSX), read through the column mapping saved for that customer: not in
:data:`FORMATS`, because its parser needs the mapping (:func:`parser_for`)."""
IMPORT_FORMATS = (*FORMATS, ADVICE)
_CAMT = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:camt\.(05[34])\.")
_ROOTS = {b"<BkToCstmrStmt": "camt.053", b"<BkToCstmrDbtCdtNtfctn": "camt.054"}


def parser_for(file_format: str, column_map: dict[str, Any] | None) -> RemittanceParser | None:
    """The parser of an import: one of :data:`FORMATS`, or a customer's advice read through its saved mapping."""
    if file_format == ADVICE:
        if not column_map:
            return None
        return functools.partial(parse_advice, columns=ColumnMap.from_json(column_map))
    return FORMATS.get(file_format)


def detect_format(head: bytes) -> str | None:
    """The format a file's first bytes (a few KiB) look like: a key of :data:`FORMATS`, :data:`ADVICE` for a
    workbook, or ``None``."""
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return ADVICE  # a workbook (or an encrypted one, which the advice reader refuses with a reason)
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"ISA"):
        return "x12_820"
    if text.startswith(b"01,"):
        return "bai2"
    if text.startswith((b"UNA", b"UNB+")):
        return "edifact_remadv"
    if text.startswith(b"<"):
        found = _CAMT.search(text)
        if found:
            return f"camt.{found.group(1).decode()}"
        for root, name in _ROOTS.items():
            if root in text or root.replace(b"<", b":") in text:
                return name
        return None
    first = text.split(b"\n", 1)[0].strip().decode("utf-8", "replace")
    if [column.strip() for column in first.split(",")] == COLUMNS:
        return "lockbox_csv"
    return None
