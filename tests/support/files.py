"""Small real files for upload tests."""

from __future__ import annotations

import io

from pypdf import PdfWriter


def pdf_bytes(pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)

HTML_AS_PDF = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def text_pdf(*pages: str) -> bytes:
    """A real text PDF (fpdf2), one page per argument, whose text pypdf can extract."""
    from fpdf import FPDF

    document = FPDF()
    document.set_font("helvetica", size=11)
    for text in pages or ("",):
        document.add_page()
        document.multi_cell(0, 6, text)
    return bytes(document.output())
