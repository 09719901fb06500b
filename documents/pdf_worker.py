"""The child side of the PDF sandbox: ``python -I pdf_worker.py serve``, a forking server of one-file readers.

Starting Python and importing pypdf cost ~100 ms of CPU, twice per uploaded PDF (checked when confirmed, read
for the index later). So the sandbox starts this process once (isolated, with an empty environment, in a
session of its own), it imports pypdf once, and for each request it forks a fresh reader: the reader leaves for
a session of its own, caps its address space, CPU time and file writes, reads one file, writes one JSON object
to a pipe and exits. One file's reader never sees another's, and a crafted file can cost at most the limits of
its own reader, never this process or the server.

Protocol, one JSON line each way: the parent sends ``{"mode": "inspect"|"extract", "path": ..., "memory_mb":
N, "cpu_seconds": N}``; this process answers ``{"pid": N}`` as soon as the reader runs (so the parent can kill
its session at the wall-clock limit), then ``{"exit": CODE, "result": {...} | null}`` when it ends. The result
is ``{"ok": true, "pages": N, "text": "..."}`` or ``{"ok": false, "reason": "...", "message": "..."}``;
anything worse (a limit hit, a crash) shows as a non-zero exit code, which the parent reports as a rejection.
``python -I pdf_worker.py inspect|extract PATH MEMORY_MB CPU_SECONDS`` reads one file without the server.
"""

from __future__ import annotations

import json
import logging
import os
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


class _Warnings(logging.Handler):
    """What pypdf warned about while reading (it repairs some damage quietly and reads on)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(str(record.msg))


def _noting_warnings() -> _Warnings:
    """pypdf's warnings recorded, nothing printed (the reader's output is its one JSON answer)."""
    noted = _Warnings()
    logging.disable(logging.NOTSET)
    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.handlers = [noted]
    pypdf_log.propagate = False
    pypdf_log.setLevel(logging.WARNING)
    return noted


ACTION_TYPES = {"/JavaScript": "a script", "/Launch": "a command that launches a program"}
MAX_OBJECTS_SCANNED = 500_000


def _active_content(reader: Any) -> str | None:
    """What active content the file holds, in words, or None: a script (``/JS``, a ``/JavaScript`` action or name
    tree, e.g. behind ``/OpenAction`` or ``/AA``), a ``/Launch`` action, or an embedded file.

    Every object of the file is looked at (those packed in object streams too), not only the catalog: an action
    can hang from any page, annotation or form field. Names are compared as pypdf decodes them, so an escaped
    ``/J#61vaScript`` is ``/JavaScript`` here."""
    numbers: set[int] = set(reader.xref_objStm)
    for table in reader.xref.values():
        numbers.update(table)
    if len(numbers) > MAX_OBJECTS_SCANNED:
        return "more objects than can be checked"
    for number in sorted(numbers):
        try:
            item = reader.get_object(number)
        except Exception:  # noqa: S112 - an unreadable object is the reading's to refuse, not this check's
            continue
        found = _active_in(item)
        if found is not None:
            return found
    return None


def _active_in(item: Any) -> str | None:
    """Active content in one object, its direct dictionaries and arrays included (an action written inline in a
    catalog or an annotation is no object of its own); references are left to the scan of their own object."""
    from pypdf.generic import ArrayObject, DictionaryObject

    pending = [item]
    while pending:
        value = pending.pop()
        if isinstance(value, DictionaryObject):
            if "/JS" in value or "/JavaScript" in value:
                return "a script"
            action = value.get("/S")
            if action in ACTION_TYPES:
                return ACTION_TYPES[action]
            if "/EF" in value or "/EmbeddedFiles" in value or value.get("/Type") == "/EmbeddedFile":
                return "an embedded file"
            pending.extend(value.values())
        elif isinstance(value, ArrayObject):
            pending.extend(value)
    return None


def read_pdf(path: str, mode: str) -> dict[str, Any]:
    """Open the PDF with pypdf (its own output limits on), refuse what cannot be accepted, and read text.

    Refused besides what cannot be read: a cross-reference chain that loops (pypdf warns and reads on, from a
    table the file chose), and, when inspected for upload, active content (:func:`_active_content`): Recoup
    stores evidence, and evidence needs no scripts, launch actions or files inside it (docs/ARCHITECTURE.md).
    """
    warnings = _noting_warnings()
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        reader = PdfReader(path, strict=False)
        if any(message.startswith("Circular xref chain") for message in warnings.messages):
            return _refuse(
                "damaged", "This PDF's cross-reference table loops back on itself. Save a clean copy and retry."
            )
        if reader.is_encrypted:
            return _refuse("encrypted", "Password-protected PDFs cannot be accepted. Save an unprotected copy.")
        pages = len(reader.pages)
        if pages == 0:
            return _refuse("no_pages", "This PDF has no pages.")
        if pages > MAX_PAGES:
            return _refuse("too_many_pages", f"This PDF has more than {MAX_PAGES:,} pages.")
        if _outline_loops(reader):
            return _refuse("damaged", "This PDF's bookmarks go round in a loop. Save a clean copy and retry.")
        if mode == "inspect" and (found := _active_content(reader)) is not None:
            return _refuse(
                "active_content",
                f"This PDF contains {found}, which Recoup does not accept in evidence. Print it to PDF "
                "(or save a copy without scripts and attachments) and upload that.",
            )
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


def _read_in_child(request: dict[str, Any], out: int) -> None:
    """In the forked reader: its own session, its limits, one file, the JSON result on ``out``; never returns."""
    code = 1
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        _limit(int(request["memory_mb"]), int(request["cpu_seconds"]))
        sys.setrecursionlimit(2000)
        result = read_pdf(str(request["path"]), str(request["mode"]))
        data = json.dumps(result).encode()
        while data:
            data = data[os.write(out, data) :]
        code = 0
    finally:
        os._exit(code)


def serve() -> int:
    """Answer requests from stdin until it closes (the parent went away)."""
    _noting_warnings()  # nothing printed; each reader records its own file's warnings
    import pypdf  # noqa: F401 - imported once here, shared by every forked reader

    for line in sys.stdin:
        request = json.loads(line)
        if request.get("mode") not in {"inspect", "extract"}:
            _answer({"exit": 2, "result": None})
            continue
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _read_in_child(request, write_end)
        os.close(write_end)
        _answer({"pid": pid})
        chunks = []
        with os.fdopen(read_end, "rb") as pipe:
            while chunk := pipe.read(1 << 16):
                chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        try:
            result = json.loads(b"".join(chunks)) if code == 0 else None
        except ValueError:
            code, result = 1, None
        _answer({"exit": code, "result": result})
    return 0


def _answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    if argv == ["serve"]:
        return serve()
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
