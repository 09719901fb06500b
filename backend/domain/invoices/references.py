"""How remittance references are compared with invoice and PO numbers: case, spaces, punctuation,
a leading INV/PO prefix and leading zeros do not matter."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^(INVOICE|INV|PO)")
_NUMBER = re.compile(r"\d+")


def normalise_reference(text: str) -> str:
    compact = re.sub(r"[^A-Z0-9]", "", text.upper())
    compact = _PREFIX.sub("", compact)
    return _NUMBER.sub(lambda m: str(int(m.group(0))), compact)


_SCANNED_AS_DIGITS = str.maketrans("OILSBZG", "0115826")


def scanned_reference(text: str) -> str:
    """The normalised reference with the letters a scanner or a hurried typist confuses with digits read as the
    digits (``INV-00O12I`` → ``121``); ``""`` when that changes nothing or the reference has no digit at all."""
    key = normalise_reference(text)
    if not any(ch.isdigit() for ch in key):
        return ""
    folded = normalise_reference(key.translate(_SCANNED_AS_DIGITS))
    return folded if folded != key else ""
