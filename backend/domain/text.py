"""What text from outside may hold: one-line fields hold no control characters; identifiers a known set.

A name, a subject or a reference is one line. A line break in one starts a new paragraph in every e-mail
it appears in (a colleague "named" ``x\r\n\r\nURGENT: verify your account at …`` writes Recoup's mail) and a
new header line in every HTTP header (a download's file name). Control and format characters (C0/C1, bidi
overrides, zero-width) have no place in such a field either. Multi-line text (a message, a description) is
kept as written and escaped where it is shown.

Identifiers that come from other systems (invoice, customer, PO and delivery numbers, SKUs) are letters,
digits, spaces and ``. , / # : + ( ) & - _``, starting with a letter or digit: what ERPs print on invoices,
and nothing that ends a quoted header value, a CSV cell or a line.
"""

from __future__ import annotations

import re
import unicodedata

from backend.domain.errors import InvalidInput

LINE_BREAKING = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Unicode categories no one-line text holds: control and format characters, line and paragraph separators."""
IDENTIFIER = re.compile(r"[^\W_][\w .,/#:+()&-]*")
IDENTIFIER_RULE = "letters, digits, spaces and . , / # : + ( ) & - _, starting with a letter or digit"


def is_one_line(value: str) -> bool:
    """No line break, control or format character anywhere in ``value``."""
    # Printable text (str.isprintable: no Cc, Cf, Zl, Zp, nor any other non-printable category) is the common case,
    # checked in C; only text with something else (a no-break space, an unassigned code point) is looked at closely.
    if value.isprintable():
        return True
    return not any(unicodedata.category(ch) in LINE_BREAKING for ch in value)


def is_identifier(value: str) -> bool:
    return IDENTIFIER.fullmatch(value) is not None


def one_line(value: str, *, field: str, label: str) -> str:
    """``value`` trimmed, or ``InvalidInput`` naming ``field`` when it holds a line break or control character."""
    if not is_one_line(value):
        raise InvalidInput(field, f"{label} must be one line of text, without line breaks or control characters.")
    return value.strip()
