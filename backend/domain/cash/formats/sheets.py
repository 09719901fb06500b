"""The rows of a customer's own spreadsheet — CSV or XLSX — read with bounded memory, whatever the file holds.

A workbook is checked before openpyxl reads a row of it: it must be a zip (an encrypted workbook or an old
``.xls`` is an OLE file and is refused with a sentence saying so), hold at most :data:`MAX_ENTRIES` parts,
declare at most :data:`MAX_UNCOMPRESSED` bytes unpacked (a zip bomb is refused; zipfile never inflates a part
past its declared size, it fails its CRC instead) and at most :data:`MAX_SHARED_STRINGS` of shared strings
(openpyxl keeps those in memory), and its first sheet must not declare more than :data:`MAX_ROWS` rows. Then the
sheet streams (openpyxl's read-only mode); rows past :data:`MAX_ROWS` are refused as they come, so a sheet that
hides its size still costs no more memory than one row. XML entities are never resolved (openpyxl reads sheets
with defusedxml).

Values come as Python values, never floats: a number is a :class:`~decimal.Decimal` of the digits Excel shows
(15 significant digits, so ``=0.1+0.2`` is ``0.3``), a date cell a :class:`~datetime.date`, a formula whose value
was never calculated (a file written by a program, not saved by Excel) :data:`UNCALCULATED`, text a ``str``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from backend.domain.cash.remittance import FileRejected

MAX_ROWS = 200_000
MAX_COLUMNS = 50
MAX_ENTRIES = 2_000
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_SHARED_STRINGS = 30 * 1024 * 1024
HEADER_SCAN_ROWS = 20
SAMPLE_ROWS = 3
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class Uncalculated:
    """A formula cell without a stored value: openpyxl does not calculate, and the file never said."""

    def __init__(self, formula: str) -> None:
        self.formula = formula[:60]

    def __repr__(self) -> str:
        return f"Uncalculated({self.formula!r})"


UNCALCULATED = Uncalculated
Cell = str | Decimal | date | Uncalculated | None


@dataclass(frozen=True)
class SheetRow:
    number: int
    """The row as the spreadsheet program shows it (1-based; a CSV row counts from the line it starts on)."""
    cells: tuple[Cell, ...]

    def cell(self, column: int) -> Cell:
        return self.cells[column] if 0 <= column < len(self.cells) else None

    @property
    def blank(self) -> bool:
        return all(shown(c) == "" for c in self.cells)


@dataclass(frozen=True)
class Layout:
    """What the first rows of a file say: its header (the first row with two or more values among the first
    :data:`HEADER_SCAN_ROWS`), a few values under it, and the key a column mapping is saved under."""

    kind: str
    """``csv`` or ``xlsx``."""
    header_row: int
    header: tuple[str, ...]
    samples: tuple[tuple[str, ...], ...]
    key: str


def shown(value: Cell) -> str:
    """A cell as a person reads it (a number without an exponent, a date as ISO)."""
    if value is None:
        return ""
    if isinstance(value, Uncalculated):
        return f"={value.formula.lstrip('=')}"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(value.split())


def header_key(header: tuple[str, ...] | list[str]) -> str:
    """The key a mapping is saved under: the header's names, case and spacing ignored, blank ones kept in place."""
    names = [" ".join(str(name).split()).lower() for name in header]
    while names and not names[-1]:
        names.pop()
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()


def kind_of(head: bytes) -> str:
    """``xlsx`` or ``csv`` by the first bytes; an OLE file (encrypted workbook, old .xls) is refused."""
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        raise FileRejected(
            "This is an Excel file protected with a password, or an old .xls workbook: save it as an .xlsx workbook "
            "without a password (or as CSV) and import it again."
        )
    return "csv"


@contextmanager
def spooled(stream: IO[bytes]) -> Iterator[Path]:
    """The stream in a temporary file (a workbook must be read out of order; a CSV is read twice)."""
    with tempfile.NamedTemporaryFile(prefix="recoup-sheet-") as copy:
        shutil.copyfileobj(stream, copy, 64 * 1024)
        copy.flush()
        yield Path(copy.name)


def _is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(1024 * 1024):
            if _ENCRYPTED_STREAM in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED_STREAM) :]
    return False


def check_workbook(path: Path) -> None:
    """Refuse a workbook openpyxl must not open (see the module docstring)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        if _is_encrypted(path):
            raise FileRejected(
                "The workbook is protected with a password (encrypted): save it without a password and import it again."
            )
        kind_of(head)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise FileRejected("The file is not a readable .xlsx workbook (it is damaged, or not a workbook).") from None
    if len(entries) > MAX_ENTRIES:
        raise FileRejected(f"The workbook has {len(entries)} parts; a remittance advice has far fewer. Refused.")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNCOMPRESSED:
        raise FileRejected(
            f"The workbook unpacks to {unpacked // (1024 * 1024)} MB (more than "
            f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB): refused as a possible zip bomb."
        )
    names = {entry.filename: entry for entry in entries}
    if "xl/workbook.xml" not in names:
        raise FileRejected("The file is a zip but not an .xlsx workbook (no xl/workbook.xml).")
    strings = names.get("xl/sharedStrings.xml")
    if strings is not None and strings.file_size > MAX_SHARED_STRINGS:
        raise FileRejected(
            f"The workbook's text table is {strings.file_size // (1024 * 1024)} MB; at most "
            f"{MAX_SHARED_STRINGS // (1024 * 1024)} MB is read."
        )


class _Workbook:
    """What openpyxl reads of a workbook besides its sheets: shared strings, date formats, where the first sheet is.

    openpyxl's ``load_workbook(read_only=True)`` sizes every sheet when it opens the file, and a sheet without a
    ``<dimension>`` element is parsed to its end for that, its rows kept in memory: a million-row sheet that does
    not say its size cost seconds and hundreds of MB before the first row. So its reader's steps are run up to
    the stylesheet, and the sheet is read here (:func:`_streaming_parser`).
    """

    def __init__(self, handle: IO[bytes]) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        try:
            reader = ExcelReader(handle, read_only=True, data_only=True, keep_links=False)
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self.sheet_path = next(
                (
                    rel.target
                    for _, rel in reader.parser.find_sheets()
                    if "chartsheet" not in rel.Type and rel.target in reader.valid_files
                ),
                None,
            )
        except Exception as error:  # openpyxl raises KeyError, ValueError, IOError and XML errors for broken parts
            raise FileRejected(
                f"The workbook cannot be read ({type(error).__name__}): save it again as .xlsx."
            ) from None
        if self.sheet_path is None:
            raise FileRejected("The workbook has no worksheet.")
        self.archive = reader.archive
        self.strings = reader.shared_strings
        self.book = reader.wb

    def open_sheet(self) -> IO[bytes]:
        return self.archive.open(self.sheet_path)  # type: ignore[no-any-return]


def _declared_rows(source: IO[bytes]) -> int | None:
    """The last row of the sheet's ``<dimension ref="A1:E1200">``, or None when it has none before its data."""
    from lxml import etree

    for event, element in etree.iterparse(
        source, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False
    ):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start" and tag == "sheetData":
            return None
        if event == "end" and tag == "dimension":
            digits = "".join(ch for ch in (element.get("ref") or "").rsplit(":", 1)[-1] if ch.isdigit())
            return int(digits) if digits else None
    return None


def _xlsx_value(cell: dict[str, Any]) -> Cell:
    value = cell["value"]
    if value is None:
        formula = cell.get("formula")
        return Uncalculated(formula) if formula is not None else None
    if cell["data_type"] == "e":
        return str(value)  # #N/A, #VALUE!: shown as written, refused where an amount is wanted
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel keeps 15 significant digits and shows those; the float's extra digits are binary noise.
        return Decimal(format(value, ".15g"))
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)


def _streaming_parser(workbook: _Workbook, source: IO[bytes]) -> Any:
    """openpyxl's sheet parser (its cell rules: shared strings, date formats, types) over lxml's pull parser, each
    row dropped from the tree once read (openpyxl's own loop keeps every parsed row element, ~400 bytes each), and
    a formula's text kept beside its saved value (openpyxl gives one or the other)."""
    from lxml import etree
    from openpyxl.worksheet._reader import FORMULA_TAG, ROW_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            if formula is not None:
                cell["formula"] = f"={formula.text or ''}"
            return cell

        def rows(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
            events = etree.iterparse(
                self.source, events=("end",), tag=ROW_TAG, resolve_entities=False, no_network=True, load_dtd=False
            )
            for _, element in events:
                yield self.parse_row(element)
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]

    book = workbook.book
    return Parser(
        source,
        workbook.strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )


def _xlsx_rows(path: Path) -> Iterator[SheetRow]:
    check_workbook(path)
    with path.open("rb") as handle:
        workbook = _Workbook(handle)
        try:
            with workbook.open_sheet() as source:
                declared = _declared_rows(source)
        except FileRejected:
            raise
        except Exception as error:
            raise FileRejected(f"The workbook's first sheet cannot be read ({type(error).__name__}).") from None
        if declared is not None and declared > MAX_ROWS:
            raise FileRejected(
                f"The first sheet declares {declared:,} rows; at most {MAX_ROWS:,} are read. Split the advice."
            )
        number = 0
        try:
            with workbook.open_sheet() as source:
                for number, cells in _streaming_parser(workbook, source).rows():
                    if number > MAX_ROWS:
                        raise FileRejected(f"The first sheet has more than {MAX_ROWS:,} rows. Split the advice.")
                    values: list[Cell] = []
                    for cell in cells:
                        column = cell["column"]
                        if column > MAX_COLUMNS:
                            break
                        values.extend([None] * (column - 1 - len(values)))
                        values.append(_xlsx_value(cell))
                    yield SheetRow(number, tuple(values))
        except FileRejected:
            raise
        except Exception as error:  # broken XML inside the sheet, a bad shared-string index
            raise FileRejected(
                f"The workbook cannot be read after row {number} ({type(error).__name__}): save it again as .xlsx."
            ) from None
        finally:
            workbook.archive.close()


def _delimiter(first_line: str) -> str:
    counts = {mark: first_line.count(mark) for mark in (",", ";", "\t")}
    return max(counts, key=lambda mark: counts[mark]) if any(counts.values()) else ","


def _csv_rows(path: Path) -> Iterator[SheetRow]:
    with path.open("rb") as raw:
        head = raw.read(64 * 1024)
    try:
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        first = decoder.decode(head, final=False).splitlines()
    except UnicodeDecodeError:
        first = []
    delimiter = _delimiter(next((line for line in first if line.strip()), ""))
    csv.field_size_limit(64 * 1024)
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        start = 1
        try:
            while True:
                try:
                    row = next(reader, None)
                except csv.Error as error:
                    raise FileRejected(f"Row {start} cannot be read as CSV ({error}).") from None
                if row is None:
                    return
                number, start = start, reader.line_num + 1
                if number > MAX_ROWS:
                    raise FileRejected(f"The file has more than {MAX_ROWS:,} rows. Split the advice.")
                yield SheetRow(number, tuple(cell.strip() or None for cell in row[:MAX_COLUMNS]))
        except UnicodeDecodeError:
            raise FileRejected(
                f'Row {start}: the file is not UTF-8 text. Save it as "CSV UTF-8" and import it again.'
            ) from None
        finally:
            text.detach()


def sheet_rows(path: Path) -> Iterator[SheetRow]:
    """Every row of the file's first sheet, in order (see the module docstring for the limits)."""
    with path.open("rb") as handle:
        kind = kind_of(handle.read(8))
    return _xlsx_rows(path) if kind == "xlsx" else _csv_rows(path)


def read_layout(path: Path) -> Layout:
    """The file's header and a few rows under it. Raises FileRejected when no header is found."""
    with path.open("rb") as handle:
        kind = kind_of(handle.read(8))
    rows = sheet_rows(path)
    try:
        header: SheetRow | None = None
        samples: list[tuple[str, ...]] = []
        for row in rows:
            if header is None:
                if sum(1 for cell in row.cells if shown(cell)) >= 2:
                    header = row
                elif row.number >= HEADER_SCAN_ROWS:
                    break
                continue
            if not row.blank:
                samples.append(tuple(shown(cell) for cell in row.cells))
            if len(samples) >= SAMPLE_ROWS:
                break
    finally:
        rows.close()  # type: ignore[attr-defined]
    if header is None:
        raise FileRejected(
            f"No header row in the first {HEADER_SCAN_ROWS} rows: the column titles must be one row with two or "
            "more titles (invoice, amount, …)."
        )
    names = [shown(cell) for cell in header.cells]
    while names and not names[-1]:
        names.pop()
    width = len(names)
    return Layout(
        kind=kind,
        header_row=header.number,
        header=tuple(names),
        samples=tuple(tuple((list(s) + [""] * width)[:width]) for s in samples),
        key=header_key(names),
    )
