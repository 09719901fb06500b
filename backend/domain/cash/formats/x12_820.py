"""ANSI X12 820 payment order / remittance advice (004010 and 005010), read segment by segment.

A small tokenizer of our own, not a library: of the X12 packages on PyPI, ``badx12`` 0.2.2 and
``x12-edi-tools`` 0.1.2 read the whole file into one string (and the latter hard-codes ``*`` and
``~`` and knows only 835 claims); ``pyx12`` 4.0.0 streams, but its ``X12Reader`` read 30,000
segments/s where this tokenizer read 500,000 in the same run (a busy shared machine; 197,000/s for
pyx12 when it was quieter), before any 820 logic, and its 820 maps are the HIPAA premium-payment
guides (X061, X218), which a retailer's commercial 820 (RMR IV/PO, ADX 426 codes) does not follow;
its raw tokenizer alone is what :func:`segments` does. ``bench/remittance_parsing.py`` has today's
figures.

Every result's ``line`` is the 1-based number of the segment in the file. One transaction set
(ST … SE) is one payment; its lines are held back until SE so that a wrong count or wrong totals
mark them all (past ``x12_sets.SET_BUFFER`` lines they are let out as they come, and a late error
is one LineError at the segment at fault). What is read from where is in docs/IMPORTS.md.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from backend.domain.cash.formats.x12_sets import TransactionSet
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine

CHUNK = 64 * 1024
_SEGMENT_NAME = re.compile(r"^[A-Z][A-Z0-9]{1,2}$")

Result = RemittanceLine | LineError | LineSkipped


def segments(stream: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    """(segment number, elements) for every segment, separators taken from the ISA segment."""
    head = stream.read(CHUNK)
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    head = head.lstrip()
    if not head.startswith(b"ISA") or len(head) < 4:
        raise FileRejected("The file does not start with an ISA segment, so it is not an X12 file.")
    separator = chr(head[3])
    # ISA has 16 elements of fixed meaning: ISA16 is the sub-element separator, the next byte ends the segment.
    cut = -1
    for _ in range(16):
        cut = head.find(head[3:4], cut + 1)
        if cut < 0 or cut > 200:
            raise FileRejected("The ISA segment is cut short: it must have 16 elements.")
    if len(head) < cut + 3:
        raise FileRejected("The file stops inside the ISA segment: it is truncated.")
    terminator = chr(head[cut + 2])
    if terminator.isalnum() or terminator in (separator, chr(head[cut + 1])):
        raise FileRejected("The ISA segment does not end with a segment terminator after ISA16.")
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    buffer = decoder.decode(head)
    number = 0
    while True:
        parts = buffer.split(terminator)
        buffer = parts.pop()
        for raw in parts:
            text = raw.strip()
            if not text:
                continue
            number += 1
            elements = text.split(separator)
            if not _SEGMENT_NAME.match(elements[0]):
                raise FileRejected(
                    f"Segment {number} does not start with a segment name ({text[:20]!r}): "
                    "the file is damaged or not X12."
                )
            yield number, elements
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        buffer += decoder.decode(chunk)
    buffer += decoder.decode(b"", final=True)
    if buffer.strip():
        raise FileRejected(
            f"The file stops in the middle of segment {number + 1} ({buffer.strip()[:20]!r}): it is truncated."
        )


def _element(elements: list[str], index: int) -> str:
    return elements[index].strip() if len(elements) > index else ""


def parse_x12_820(stream: BinaryIO) -> Iterator[Result]:
    """Every remittance line of the 820 transaction sets of an X12 file (see the module docstring).

    Raises FileRejected when the file does not start with ISA, is truncated, or its interchange
    (ISA/IEA) or group (GS/GE) envelopes do not agree with their content.
    """
    interchange: tuple[int, str] | None = None
    groups = 0
    group: tuple[int, str] | None = None
    sets = 0
    current: TransactionSet | None = None
    last = 0
    for number, elements in segments(stream):
        last = number
        name = elements[0]
        if current is not None and name not in ("SE", "ST", "GE", "IEA", "ISA", "GS"):
            yield from current.segment(number, name, elements)
            continue
        if name == "ISA":
            if interchange is not None:
                raise FileRejected(f"Segment {number} (ISA) starts an interchange before the last one ended (IEA).")
            if len(elements) < 17:
                raise FileRejected(f"Segment {number} (ISA) has {len(elements) - 1} elements, not 16.")
            interchange, groups = (number, _element(elements, 13)), 0
        elif name == "IEA":
            if interchange is None or group is not None:
                raise FileRejected(f"Segment {number} (IEA) ends an interchange that is not open or a group that is.")
            declared, control = _element(elements, 1), _element(elements, 2)
            if control != interchange[1]:
                raise FileRejected(
                    f"Segment {number} (IEA): its control number {control!r} is not the ISA's {interchange[1]!r}."
                )
            if declared != str(groups):
                raise FileRejected(f"Segment {number} (IEA) counts {declared} groups; the interchange has {groups}.")
            interchange = None
        elif interchange is None:
            raise FileRejected(f"Segment {number} ({name}) is outside an interchange (ISA … IEA).")
        elif name == "GS":
            if group is not None:
                raise FileRejected(f"Segment {number} (GS) starts a group before the last one ended (GE).")
            group, sets, groups = (number, _element(elements, 6)), 0, groups + 1
        elif name == "GE":
            if group is None or current is not None:
                raise FileRejected(
                    f"Segment {number} (GE) ends a group that is not open, or before the SE of segment "
                    f"{current.start if current else '?'}."
                )
            declared, control = _element(elements, 1), _element(elements, 2)
            if control != group[1]:
                raise FileRejected(
                    f"Segment {number} (GE): its control number {control!r} is not the GS's {group[1]!r}."
                )
            if declared != str(sets):
                raise FileRejected(f"Segment {number} (GE) counts {declared} transaction sets; the group has {sets}.")
            group = None
        elif group is None:
            raise FileRejected(f"Segment {number} ({name}) is outside a functional group (GS … GE).")
        elif name == "ST":
            if current is not None:
                raise FileRejected(
                    f"Segment {number} (ST) starts a transaction set before segment {current.start}'s SE."
                )
            current, sets = TransactionSet(number, _element(elements, 1), _element(elements, 2)), sets + 1
        elif name == "SE":
            if current is None:
                raise FileRejected(f"Segment {number} (SE) ends a transaction set that was never started (ST).")
            yield from current.end(number, elements)
            current = None
        else:
            raise FileRejected(f"Segment {number} ({name}) is outside a transaction set (ST … SE).")
    if interchange is not None or last == 0:
        raise FileRejected(f"The file ends after segment {last} without its IEA segment: it is truncated.")


parse = parse_x12_820
