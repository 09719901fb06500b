"""Customers' spreadsheets for tests: real .xlsx workbooks (openpyxl), and hostile ones made by hand — a zip bomb,
a sheet of a million rows (with and without its declared size), an encrypted workbook's outer shell."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl

from backend.domain.cash.formats.sheets import OLE_MAGIC


def workbook(rows: Iterable[Sequence[Any]], *, merge: Sequence[str] = ()) -> bytes:
    """An .xlsx of ``rows`` on its first sheet (a cell starting with ``=`` is a formula saved without a value, as
    every program but a spreadsheet application writes it); ``merge`` ranges such as ``"B1:C1"``."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    for cells in merge:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> bytes:
    return "".join(delimiter.join(str(cell) for cell in row) + "\r\n" for row in rows).encode()


def _rewritten(
    base: bytes, replace: dict[str, Iterable[bytes]], add: dict[str, Iterable[bytes]] | None = None
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in replace:
                with target.open(item.filename, "w", force_zip64=True) as part:
                    for chunk in replace[item.filename]:
                        part.write(chunk)
            else:
                target.writestr(item, source.read(item.filename))
        for name, chunks in (add or {}).items():
            with target.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def zip_bomb(unpacked_mb: int = 300) -> bytes:
    """A valid workbook carrying one more part that inflates to ``unpacked_mb`` MB (a few hundred KB packed)."""
    block = b"\0" * (1024 * 1024)
    return _rewritten(
        workbook([["Invoice", "Paid"], ["INV-1", 1]]), {}, {"xl/media/image1.bin": (block for _ in range(unpacked_mb))}
    )


def million_rows(*, declared: bool, rows: int = 1_000_000) -> bytes:
    """A workbook whose first sheet has a header and ``rows`` invoice rows (about 70 MB of XML, 3 MB packed), with
    its size in a ``<dimension>`` element or not (a program writing it need not say)."""

    def sheet() -> Iterable[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?>'
        yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        if declared:
            yield f'<dimension ref="A1:B{rows + 1}"/>'.encode()
        yield b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Invoice</t></is></c>'
        yield b'<c r="B1" t="inlineStr"><is><t>Paid</t></is></c></row>'
        batch = []
        for n in range(2, rows + 2):
            batch.append(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>INV-{n}</t></is></c><c r="B{n}"><v>1</v></c></row>'
            )
            if len(batch) == 10_000:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode()
        yield b"</sheetData></worksheet>"

    return _rewritten(workbook([["Invoice", "Paid"]]), {"xl/worksheets/sheet1.xml": sheet()})


def encrypted_workbook() -> bytes:
    """What Excel saves for a workbook protected with a password: an OLE compound file holding an
    ``EncryptedPackage`` stream (its outside only; the parser refuses before decrypting anything)."""
    return OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 4096


def old_xls() -> bytes:
    """An Excel 97 workbook's outside: an OLE compound file with no encryption stream."""
    return OLE_MAGIC + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 4096
