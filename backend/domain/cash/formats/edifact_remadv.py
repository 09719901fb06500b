"""UN/EDIFACT REMADV remittance advices, read segment by segment with ``pydifact``.

pydifact (0.2.3) tokenizes: its ``Tokenizer`` honours the separators, decimal mark and release
character of the UNA segment, and its ``Parser`` turns the tokens into segments of data elements and
components. Its ``Parser.parse`` wants the whole file as one string, so the file is decoded chunk by
chunk and fed to the same tokenizer and segment builder as a stream of characters instead: lines come
out while the file is still being read. pydifact checks the shape of a segment tag; envelopes, counts
and the REMADV message are read here.

The character set is the one UNB names (``UNOA``/``UNOB`` ASCII, ``UNOC`` Latin-1, ``UNOD`` to ``UNOK``
the other ISO 8859 parts, ``UNOW``/``UNOY`` UTF-8); a byte that is not text in it rejects the file
naming its segment. Every result's ``line`` is the 1-based number of the segment in the file (UNA
included). One message (UNH … UNT) is one payment (:mod:`edifact_messages`). What is read from where
is in docs/IMPORTS.md.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterator
from itertools import chain
from typing import Any, BinaryIO

from pydifact.control import Characters
from pydifact.exceptions import EDISyntaxError
from pydifact.parser import Parser, TokenIterator
from pydifact.segments import SegmentFactory
from pydifact.tokenizer import Tokenizer

from backend.domain.cash.formats.edifact_messages import Message, component
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine

CHUNK = 64 * 1024
CHARSETS = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "latin-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOG": "iso8859-3",
    "UNOH": "iso8859-4",
    "UNOI": "iso8859-6",
    "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9",
    "UNOW": "utf-8",
    "UNOY": "utf-8",
}
_TAG = re.compile(r"^[A-Z][A-Z0-9]{2}$")
_UNDECODED = re.compile("[\udc80-\udcff]")
_ENVELOPE = {"UNB", "UNZ", "UNG", "UNE", "UNH", "UNT"}

Result = RemittanceLine | LineError | LineSkipped


def _start(stream: BinaryIO) -> tuple[bytes, Characters, str, int]:
    """The first chunk from UNB on, the separators, the UNB's character set and the segments before UNB."""
    head = stream.read(CHUNK).removeprefix(codecs.BOM_UTF8).lstrip()
    before = 0
    characters = Characters()
    if head.startswith(b"UNA"):
        if len(head) < 9:
            raise FileRejected("The UNA segment is cut short: it must give six service characters.")
        characters = Characters.from_str(head[3:9].decode("latin-1"))
        head, before = head[9:].lstrip(), 1
    if not head.startswith(b"UNB"):
        raise FileRejected("The file does not start with a UNA or UNB segment, so it is not an EDIFACT interchange.")
    separator = characters.data_separator.encode("latin-1")
    syntax = head[4:8].decode("latin-1")
    if head[3:4] != separator or syntax not in CHARSETS:
        raise FileRejected(f"The UNB segment names the character set {syntax!r}; UNOA to UNOK, UNOW and UNOY are read.")
    return head, characters, syntax, before


def _chunks(first: bytes, stream: BinaryIO, codec: str, seen: list[bool]) -> Iterator[str]:
    """The file decoded chunk by chunk; ``seen`` is set once a byte was not text in the character set."""
    decoder = codecs.getincrementaldecoder(codec)(errors="surrogateescape")
    chunk, final = first, False
    while not final:
        final = not chunk
        text = decoder.decode(chunk, final=final)
        if _UNDECODED.search(text):
            seen[0] = True
        yield text
        if not final:
            chunk = stream.read(CHUNK)


def segments(stream: BinaryIO) -> Iterator[tuple[int, Any]]:
    """(segment number, pydifact Segment) for every segment after UNA, separators taken from the UNA."""
    head, characters, syntax, number = _start(stream)
    seen = [False]
    chars = chain.from_iterable(_chunks(head, stream, CHARSETS[syntax], seen))
    # get_tokens only iterates over its message, so a stream of characters keeps the file out of memory.
    tokens = TokenIterator(Tokenizer().get_tokens(chars, characters))  # type: ignore[arg-type]
    try:
        for raw in Parser().convert_tokens_to_raw_segments(tokens):
            number += 1
            tag = raw[0] if raw else ""
            if not isinstance(tag, str) or not _TAG.match(tag):
                shown = ":".join(tag) if isinstance(tag, list) else tag
                raise FileRejected(
                    f"Segment {number} does not start with a segment tag ({shown[:20]!r}): "
                    "the file is damaged or not EDIFACT."
                )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SyntaxWarning)  # a segment without elements: its count still counts
                segment = SegmentFactory.create_segment(tag, *raw[1:], validate=False)
            if seen[0]:
                _check_text(number, segment, syntax)
            yield number, segment
    except EDISyntaxError as error:
        if "Unexpected end" in str(error):
            raise FileRejected(f"The file stops in the middle of segment {number + 1}: it is truncated.") from None
        raise FileRejected(f"Segment {number + 1} cannot be read: {error}") from None


def _check_text(number: int, segment: Any, syntax: str) -> None:
    for element in segment.elements:
        for part in element if isinstance(element, list) else [element]:
            found = _UNDECODED.search(part)
            if found:
                raise FileRejected(
                    f"Segment {number} ({segment.tag}) has the byte 0x{ord(found.group()) - 0xDC00:02X}, which is "
                    f"not {syntax} ({CHARSETS[syntax]}) text as the UNB segment says: ask the sender to name the "
                    "character set the file is written in (UNOC for Latin-1, UNOY for UTF-8)."
                )


def parse_edifact_remadv(stream: BinaryIO) -> Iterator[Result]:
    """Every remittance line of the REMADV messages of an EDIFACT interchange (see the module docstring).

    Raises FileRejected when the file does not start with UNA or UNB, names a character set that is not
    read, has a byte that is not text in it, is truncated, has a segment without a tag or outside its
    envelope, or a UNZ (UNE) whose count or control reference disagrees with the UNB (UNG).
    """
    interchange: tuple[int, str] | None = None
    group: tuple[int, str] | None = None
    counted = in_group = 0
    message: Message | None = None
    last = 0
    for number, segment in segments(stream):
        last, tag = number, segment.tag
        if message is not None and tag not in _ENVELOPE:
            yield from message.segment(number, segment)
            continue
        if message is not None and tag != "UNT":
            raise FileRejected(
                f"Segment {number} ({tag}) comes before the UNT of the message of segment {message.start}: "
                "that message is truncated."
            )
        if tag == "UNB":
            if interchange is not None:
                raise FileRejected(f"Segment {number} (UNB) starts an interchange before the last one ended (UNZ).")
            interchange, counted = (number, component(segment, 4)), 0
        elif interchange is None:
            raise FileRejected(f"Segment {number} ({tag}) is outside an interchange (UNB … UNZ).")
        elif tag == "UNZ":
            if group is not None:
                raise FileRejected(
                    f"Segment {number} (UNZ) ends the interchange inside the group of segment {group[0]}."
                )
            _check_end(number, segment, "UNZ", "UNB", interchange[1], counted, "messages or groups")
            interchange = None
        elif tag == "UNG":
            if group is not None:
                raise FileRejected(f"Segment {number} (UNG) starts a group before the last one ended (UNE).")
            group, in_group, counted = (number, component(segment, 4)), 0, counted + 1
        elif tag == "UNE":
            if group is None:
                raise FileRejected(f"Segment {number} (UNE) ends a group that was never started (UNG).")
            _check_end(number, segment, "UNE", "UNG", group[1], in_group, "messages")
            group = None
        elif tag == "UNH":
            message = Message(number, component(segment, 0), component(segment, 1).upper())
            if group is None:
                counted += 1
            else:
                in_group += 1
        elif tag == "UNT":
            if message is None:
                raise FileRejected(f"Segment {number} (UNT) ends a message that was never started (UNH).")
            yield from message.end(number, segment)
            message = None
        else:
            raise FileRejected(f"Segment {number} ({tag}) is outside a message (UNH … UNT).")
    if message is not None:
        raise FileRejected(
            f"The file ends after segment {last} inside the message of segment {message.start} (no UNT): "
            "it is truncated."
        )
    if interchange is not None or last == 0:
        raise FileRejected(f"The file ends after segment {last} without its UNZ segment: it is truncated.")


def _check_end(number: int, segment: Any, tag: str, opening: str, control: str, count: int, what: str) -> None:
    declared, reference = component(segment, 0), component(segment, 1)
    if reference != control:
        raise FileRejected(
            f"Segment {number} ({tag}): its control reference {reference!r} is not the {opening}'s {control!r}."
        )
    if declared != str(count):
        raise FileRejected(f"Segment {number} ({tag}) counts {declared or 'no'} {what}; there are {count}.")


parse = parse_edifact_remadv
