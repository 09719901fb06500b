"""The child side of the PDF sandbox: ``python -m documents.pdf_worker inspect|extract PATH MEMORY_MB CPU_SECONDS``.

It caps its own address space and CPU time before pypdf is imported, reads one file,
and prints one JSON object on stdout: ``{"ok": true, "pages": N, "text": "..."}`` or
``{"ok": false, "reason": "...", "message": "..."}``. Anything worse (a limit hit, a
crash) shows as a non-zero exit, which the parent reports as a rejection.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
from typing import Any

MAX_PAGES = 2000
SANITY_PAGES = 3
MAX_TEXT_CHARS = 5_000_000
MAX_OUTLINE_ITEMS = 10_000


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # the worker writes no files
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _refuse(reason: str, message: str) -> dict[str, Any]:
    return {"ok": False, "reason": reason, "message": message}


def _outline_loops(reader: Any) -> bool:
    """True when the bookmarks form a cycle (pypdf only warns and carries on; a sound file has none)."""
    from pypdf.generic import IndirectObject

    root = reader.trailer["/Root"].get_object()
    outlines = root.get("/Outlines")
    if outlines is None:
        return False
    pending = [outlines.get_object().get("/First")]
    seen: set[tuple[int, int]] = set()
    while pending:
        node = pending.pop()
        while node is not None:
            if isinstance(node, IndirectObject):
                if (node.idnum, node.generation) in seen:
                    return True
                seen.add((node.idnum, node.generation))
            if len(seen) > MAX_OUTLINE_ITEMS:
                return True
            item = node.get_object()
            if item.get("/First") is not None:
                pending.append(item.get("/First"))
            node = item.get("/Next")
    return False


def read_pdf(path: str, mode: str) -> dict[str, Any]:
    """Open the PDF with pypdf (its own output limits on), refuse what cannot be accepted, and read text."""
    logging.disable(logging.CRITICAL)
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return _refuse("encrypted", "Password-protected PDFs cannot be accepted. Save an unprotected copy.")
        pages = len(reader.pages)
        if pages == 0:
            return _refuse("no_pages", "This PDF has no pages.")
        if pages > MAX_PAGES:
            return _refuse("too_many_pages", f"This PDF has more than {MAX_PAGES:,} pages.")
        if _outline_loops(reader):
            return _refuse("damaged", "This PDF's bookmarks go round in a loop. Save a clean copy and retry.")
        wanted = range(min(pages, SANITY_PAGES)) if mode == "inspect" else range(pages)
        parts: list[str] = []
        size = 0
        for number in wanted:
            page = reader.pages[number]
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()  # decoded under pypdf's output limits (text extraction would skip past a bomb)
            text = page.extract_text() or ""
            if size + len(text) > MAX_TEXT_CHARS:
                parts.append(text[: MAX_TEXT_CHARS - size])
                break
            parts.append(text)
            size += len(text)
    except (MemoryError, LimitReachedError):
        return _refuse("too_complex", "This PDF expands beyond what can be read safely. Save a simpler copy and retry.")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        return _refuse("damaged", "This PDF is damaged or not a PDF. Save it again and retry.")
    return {"ok": True, "pages": pages, "text": "\n\f".join(parts) if mode == "extract" else ""}


def main(argv: list[str]) -> int:
    mode, path, memory_mb, cpu_seconds = argv[0], argv[1], int(argv[2]), int(argv[3])
    if mode not in {"inspect", "extract"}:
        return 2
    _limit(memory_mb, cpu_seconds)
    sys.setrecursionlimit(2000)
    result = read_pdf(path, mode)
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
