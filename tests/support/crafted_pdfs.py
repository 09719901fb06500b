"""Hostile files, made by the test suite itself: each must be refused within its limit, the server unharmed."""

from __future__ import annotations

import zlib

from tests.support.files import HTML_AS_PDF, pdf_bytes


def _assemble(objects: list[bytes], *, root: int = 1, extra_trailer: bytes = b"", prev_self: bool = False) -> bytes:
    """A PDF with a correct cross-reference table for ``objects`` (numbered from 1)."""
    body = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    prev = b" /Prev %d" % xref if prev_self else b""
    body += b"trailer\n<< /Size %d /Root %d 0 R%s%s >>\n" % (len(objects) + 1, root, prev, extra_trailer)
    body += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(body)


def _stream(data: bytes, *, compressed: bool) -> bytes:
    filters = b" /Filter /FlateDecode" if compressed else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), filters) + data + b"\nendstream"


def compression_bomb(expanded_mb: int = 300) -> bytes:
    """One page whose content stream is a few hundred KB deflated and hundreds of MB inflated."""
    squeeze = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    packed = b"".join(squeeze.compress(chunk) for _ in range(expanded_mb)) + squeeze.flush()
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            _stream(packed, compressed=True),
        ]
    )


def circular_xref() -> bytes:
    """A page tree that contains itself, and a cross-reference section whose /Prev is itself."""
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ],
        prev_self=True,
    )


def truncated() -> bytes:
    whole = pdf_bytes(pages=3)
    return whole[: len(whole) // 2]


def encrypted() -> bytes:
    return pdf_bytes(password="hunter2")


def outline_loop() -> bytes:
    """A readable one-page PDF whose bookmarks form a ring (each /Next leads back to the first)."""
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Outlines 4 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            b"<< /Type /Outlines /First 5 0 R /Last 6 0 R /Count 2 >>",
            b"<< /Title (One) /Parent 4 0 R /Next 6 0 R /Dest [3 0 R /Fit] >>",
            b"<< /Title (Two) /Parent 4 0 R /Next 5 0 R /Prev 5 0 R /Dest [3 0 R /Fit] >>",
        ]
    )


def empty_pages(count: int = 5000) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>" for _ in range(count)]
    return _assemble(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count), *pages]
    )


def operator_flood(megabytes: int = 60) -> bytes:
    """Within pypdf's output limits, but tens of millions of drawing operators: costs CPU, not memory."""
    operators = b"0 0 m 1 1 l S " * (megabytes * 1024 * 1024 // 14)
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            _stream(zlib.compress(operators, 9), compressed=True),
        ]
    )


def _one_page(*catalog_extra: bytes, page_extra: bytes = b"", more: tuple[bytes, ...] = ()) -> bytes:
    """A readable one-page PDF with ``catalog_extra`` in its catalog, ``page_extra`` on its page, and objects 4…"""
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s >>" % b" ".join(catalog_extra),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s >>" % page_extra,
            *more,
        ]
    )


def xref_loop_only() -> bytes:
    """A sound one-page PDF but for its cross-reference section, whose /Prev points back at itself."""
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ],
        prev_self=True,
    )


def javascript_on_open() -> bytes:
    """Runs a script when opened (``/OpenAction``), its name escaped as ``/J#61vaScript``."""
    return _one_page(b"/OpenAction 4 0 R", more=(b"<< /Type /Action /S /J#61vaScript /JS (app.alert(1)) >>",))


def javascript_on_page_view() -> bytes:
    """A page's additional action (``/AA``) runs a script when the page opens."""
    return _one_page(
        page_extra=b"/AA << /O 4 0 R >>",
        more=(b"<< /S /JavaScript /JS 5 0 R >>", _stream(b"app.alert(2)", compressed=False)),
    )


def launch_action() -> bytes:
    return _one_page(b"/OpenAction << /S /Launch /F (calc.exe) >>")


def embedded_file() -> bytes:
    return _one_page(
        b"/Names << /EmbeddedFiles << /Names [(invoice.exe) 4 0 R] >> >>",
        more=(
            b"<< /Type /Filespec /F (invoice.exe) /EF << /F 5 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ),
    )


CORPUS = {
    "compression bomb": compression_bomb,
    "circular xref": circular_xref,
    "truncated": truncated,
    "encrypted": encrypted,
    "outline loop": outline_loop,
    "5,000 empty pages": empty_pages,
    "HTML named .pdf": lambda: HTML_AS_PDF,
    "xref loop in a sound file": xref_loop_only,
    "script on open": javascript_on_open,
    "script on a page": javascript_on_page_view,
    "launch action": launch_action,
    "embedded file": embedded_file,
}
