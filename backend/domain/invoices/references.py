"""How remittance references are compared with invoice and PO numbers: case, spaces, punctuation,
a leading INV/PO prefix and leading zeros do not matter."""

from __future__ import annotations

import re
from functools import lru_cache

_NOT_LETTER_OR_DIGIT = re.compile(r"[^A-Z0-9]")
_PREFIX = re.compile(r"^(INVOICE|INV|PO)")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
"""The zeros a run of digits starts with, all but a last one (``007`` → ``7``, ``000`` → ``0``, ``100`` kept)."""


@lru_cache(maxsize=65_536)
def normalise_reference(text: str) -> str:
    """The reference as invoices' ``number_key`` and ``po_key`` hold it (a pure function of the text: an import
    reads each reference several times, so the last ones are remembered)."""
    compact = _PREFIX.sub("", _NOT_LETTER_OR_DIGIT.sub("", text.upper()))
    return _LEADING_ZEROS.sub("", compact)


_SCANNED_AS_DIGITS = str.maketrans("OILSBZG", "0115826")


@lru_cache(maxsize=65_536)
def scanned_reference(text: str) -> str:
    """The normalised reference with the letters a scanner or a hurried typist confuses with digits read as the
    digits (``INV-00O12I`` → ``121``); ``""`` when that changes nothing or the reference has no digit at all."""
    key = normalise_reference(text)
    if not any(ch.isdigit() for ch in key):
        return ""
    folded = normalise_reference(key.translate(_SCANNED_AS_DIGITS))
    return folded if folded != key else ""
