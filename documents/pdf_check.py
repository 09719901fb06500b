"""A PDF is accepted only if pypdf can open it, it is not encrypted and it has pages.

Parsing runs in the calling process for now; SECURITY.md E25's separate process
with CPU, memory and time limits is the archive issue's (issue 5).
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_PAGES = 2000


class PdfRejected(ValueError):
    """The PDF cannot be accepted; the message says why in plain words."""


def check_pdf(data: bytes) -> int:
    """The page count of a readable, unencrypted PDF; else :class:`PdfRejected`."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfRejected("Encrypted or password-protected PDFs cannot be accepted. Save an unprotected copy.")
        pages = len(reader.pages)
    except PdfRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError, OSError) as error:
        raise PdfRejected("This PDF is damaged or not a PDF. Save it again and retry.") from error
    if pages == 0:
        raise PdfRejected("This PDF has no pages.")
    if pages > MAX_PAGES:
        raise PdfRejected(f"This PDF has more than {MAX_PAGES} pages.")
    return pages
