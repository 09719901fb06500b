"""``Content-Disposition: attachment`` for any file name, built in one place (RFC 6266 with RFC 8187's ``filename*``).

A file name comes from outside: an uploader's file, an invoice number from the ERP feed. Put in a header as
it is, a ``"`` ends the quoted name early (``filename="X"Q.pdf"``) and a CR or LF ends the header line
(the server refuses to send it, and that file can never be downloaded). Here control characters are dropped,
the quoted ``filename`` is plain ASCII without quotes or backslashes (for old clients), and ``filename*``
carries the exact UTF-8 name, percent-encoded.
"""

from __future__ import annotations

from urllib.parse import quote

FALLBACK_NAME = "download"


def attachment(filename: str) -> str:
    """The header value that offers ``filename`` for download."""
    name = "".join(ch for ch in filename if ch.isprintable()).strip() or FALLBACK_NAME
    plain = "".join(ch if " " <= ch <= "~" and ch not in '"\\' else "_" for ch in name)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
