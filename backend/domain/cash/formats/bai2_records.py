"""The records of a BAI2 file, read with the ``bai2`` package, each with the lines of the file it spans.

The package joins a record's 88 continuations onto it and splits its fields by record type; its
errors are turned here into sentences a clerk can act on. A type code its table lacks is read by the
ranges of the BAI2 specification instead of refused.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from bai2 import parsers as bai2_parsers
from bai2.constants import FundsType, RecordCode, TypeCode, TypeCodeLevel, TypeCodes, TypeCodeTransaction
from bai2.exceptions import NotSupportedYetException, ParsingException
from bai2.helpers import IteratorHelper

from backend.domain.cash.formats.fields import clip
from backend.domain.cash.remittance import FileRejected

_CODES = {code.value for code in RecordCode}
_NOT_A_NUMBER = re.compile(r"invalid literal for int\(\) with base 10: '(.*)'")
_NOT_VALID = re.compile(r"'(.*)' is not a valid (\w+)")
_CHOICES = {
    "FundsType": "funds type (Z, 0, 1, 2, S, V or D)",
    "GroupStatus": "group status (1 to 4)",
    "AsOfDateModifier": "as-of date modifier (1 to 4)",
}


class _Unreadable(ValueError):
    """A field of a record, with the sentence a clerk reads."""


def _type_code(value: str) -> TypeCode:
    """The package's type code, or for a code its table lacks the BAI2 ranges: 100–399 credit, 400–699 debit."""
    known = TypeCodes.get(value)
    if known is not None:
        return known
    if len(value) != 3 or not value.isdigit():
        raise _Unreadable(f"the type code {value!r} is not a BAI2 type code (three digits).")
    number = int(value)
    kind = TypeCodeTransaction.credit if 100 <= number < 400 else TypeCodeTransaction.debit if number < 700 else None
    return TypeCode(value, kind, TypeCodeLevel.detail, "a code the BAI2 list does not name")


class _DetailParser(bai2_parsers.TransactionDetailParser):
    head_fields_config = [("type_code", _type_code), ("amount", int), ("funds_type", FundsType)]


_PARSERS = {
    RecordCode.file_header: bai2_parsers.Bai2FileHeaderParser,
    RecordCode.group_header: bai2_parsers.GroupHeaderParser,
    RecordCode.account_identifier: bai2_parsers.AccountIdentifierParser,
    RecordCode.transaction_detail: _DetailParser,
    RecordCode.account_trailer: bai2_parsers.AccountTrailerParser,
    RecordCode.group_trailer: bai2_parsers.GroupTrailerParser,
    RecordCode.file_trailer: bai2_parsers.Bai2FileTrailerParser,
}


def _why(error: Exception) -> str:
    """What a bai2 parsing error means, for a clerk."""
    text = str(error)
    if isinstance(error, _Unreadable):
        return text
    if isinstance(error, IndexError):
        return "it has fewer fields than its record type needs."
    if found := _NOT_A_NUMBER.search(text):
        return (
            f"{found.group(1)!r} is not a whole number: BAI2 amounts are in cents, "
            "without a decimal point (1234.56 is written 123456)."
        )
    if found := _NOT_VALID.search(text):
        return f"{found.group(1)!r} is not a {_CHOICES.get(found.group(2), found.group(2))}."
    if "Only BAI version 2" in text:
        return "only BAI version 2 files are read (the last field of the 01 record)."
    if "format" in text or "range" in text or "unconverted" in text:
        return f"a date or time is not valid (dates are YYMMDD, times HHMM): {text}."
    return f"it cannot be read ({text})."


@dataclass
class Record:
    """One record: its code, its lines in the file (the record's own and its 88 continuations), the bai2
    package's model of it, or ``problem`` when its fields cannot be read."""

    lines: list[int]
    code: str
    rows: list[tuple[Any, str]]
    model: Any
    problem: str | None

    @property
    def line(self) -> int:
        return self.lines[0]

    @property
    def raw(self) -> str:
        return clip(" ".join(f"{self.code},{text}" for _, text in self.rows), 400)


class Lines:
    """The file's lines as the bai2 package wants them, remembering which line of the file each one is."""

    def __init__(self, stream: BinaryIO) -> None:
        self.text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline=None)
        self.numbers: deque[int] = deque()
        self.last = 0

    def __iter__(self) -> Iterator[str]:
        for number, raw in enumerate(self.text, 1):
            line = raw.strip()
            if not line:
                continue
            if not self.last and not line.startswith("01,"):
                raise FileRejected("The file does not start with a 01 (file header) record, so it is not a BAI2 file.")
            if line[:2] not in _CODES or line[2:3] != ",":
                raise FileRejected(
                    f"Line {number} does not start with a BAI2 record code (01, 02, 03, 16, 49, 88, 98 or 99) "
                    f"and a comma ({line[:20]!r}): the file is damaged or not BAI2."
                )
            self.numbers.append(number)
            self.last = number
            yield line
        if not self.last:
            raise FileRejected("The file is empty.")

    def take(self, rows: int) -> list[int]:
        """The lines of the record just read, ``rows`` lines long."""
        return [self.numbers.popleft() for _ in range(rows)]


def records(lines: Lines) -> Iterator[Record]:
    """Every record of the file in order; a record whose fields cannot be read has a ``problem`` and no model."""
    helper = IteratorHelper(iter(lines))
    while True:
        current = helper.current_record
        numbers = lines.take(len(current.rows))
        try:
            model, problem = _PARSERS[current.code](helper).parse(), None  # parse() also moves on to the next one
        except (ValueError, IndexError, NotSupportedYetException, ParsingException) as error:
            model, problem = None, _why(error)
        yield Record(numbers, current.code.value, current.rows, model, problem)
        if problem is None:
            if helper.current_record is current:  # parse() found no next record
                return
            continue
        try:
            helper.advance()
        except StopIteration:
            return


def locator(record: Record, text: str) -> Callable[[int], int]:
    """Offset in the 16 record's text → line of the file: the package joins the record's lines into one
    field string (a line ending in ``/`` gives a comma, another a space) and the text is its tail."""
    starts: list[int] = []
    position = 0
    for _, content in record.rows:
        starts.append(position)
        position += len(content) if content.endswith("/") else len(content) + 1 if content else 0
    begin = max(position - 1, 0) - len(text)

    def locate(offset: int) -> int:
        return record.lines[max(bisect_right(starts, begin + offset) - 1, 0)]

    return locate
