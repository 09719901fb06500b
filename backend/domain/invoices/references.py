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
