"""ISO 20022 bank-to-customer messages: camt.054 notifications and camt.053 statements, any message version.

The file is fed to lxml's pull parser (iterparse's feeding form) in 64 KiB chunks; each transaction (``Ntry/NtryDtls/TxDtls``)
is read when its end tag arrives and then dropped from the tree, each entry when it ends, so memory
stays flat however long the file. lxml because it builds the tree in C and gives every element its
source line: on a 20 MB camt.054 it read 140,000 documents/s where expat through defusedxml reached
100,000/s in the same run with a target that did nothing at all (``bench/remittance_parsing.py`` has today's figures).

Safety: no DTD is loaded, no entity resolved, no network touched (``load_dtd=False``,
``resolve_entities=False``, ``no_network=True``), and a file that declares a DOCTYPE or an ENTITY is
refused before its root element is read — by a byte scan of every chunk and again by the parser's own
record of a doctype. Only UTF-8 (the encoding ISO 20022 prescribes) is read, so the byte scan sees
every declaration. What is taken from where is in docs/IMPORTS.md; the rules per entry and
transaction are in :mod:`~backend.domain.cash.formats.camt_entries` and :mod:`~backend.domain.cash.formats.camt_elements`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, BinaryIO

from lxml import etree

from backend.domain.cash.formats.camt_elements import Paths, read_entry_header, read_transaction
from backend.domain.cash.formats.camt_entries import Entry
from backend.domain.cash.formats.fields import ZERO, BadField, amount
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine

CHUNK = 64 * 1024
NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.(05[34])\.\d{3}\.\d{2}$")
MESSAGES = {"053": ("BkToCstmrStmt", "Stmt", "statement"), "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn", "notification")}
_DECLARATION = re.compile(rb"<!DOCTYPE|<!ENTITY")
_TAGS = ["{*}Document", "{*}Stmt", "{*}Ntfctn", "{*}TxsSummry", "{*}Ntry", "{*}TxDtls"] + [
    "{*}" + root for root, _, _ in MESSAGES.values()
]
_POSITION = re.compile(r",? line \d+, column \d+$")
REFUSED = "The file declares a DTD or entities; refused for safety."

Result = RemittanceLine | LineError | LineSkipped


def parse_camt053(stream: BinaryIO) -> Iterator[Result]:
    """A camt.053 statement (see module docstring); a camt.054 file is refused."""
    return _parse(stream, "053")


def parse_camt054(stream: BinaryIO) -> Iterator[Result]:
    """A camt.054 notification (see module docstring); a camt.053 file is refused."""
    return _parse(stream, "054")


def _parse(stream: BinaryIO, wanted: str) -> Iterator[Result]:
    chunk = stream.read(CHUNK)
    if not chunk.strip():
        raise FileRejected("The file is empty.")
    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]:
        raise FileRejected("The file is not UTF-8: ISO 20022 files are UTF-8.")
    parser = etree.XMLPullParser(
        events=("start", "end"),
        tag=_TAGS,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    reader = _Reader(wanted)
    tail = b""
    while chunk:
        window = tail + chunk
        if _DECLARATION.search(window):
            raise FileRejected(REFUSED)
        tail = window[-16:]
        try:
            parser.feed(chunk)
        except etree.XMLSyntaxError as error:
            raise FileRejected(_broken(error)) from None
        for event, element in parser.read_events():
            yield from reader.event(event, element)
        chunk = stream.read(CHUNK)
    try:
        parser.close()
    except etree.XMLSyntaxError as error:
        raise FileRejected(_broken(error)) from None
    for event, element in parser.read_events():
        yield from reader.event(event, element)
    if reader.paths is None:
        raise FileRejected(f"This is not a camt.{wanted} file: it has no ISO 20022 Document element.")
    if not reader.finished:
        raise FileRejected("The file stops before the end of its Document element: it is truncated.")


def _broken(error: Any) -> str:
    line, column = error.position if error.position else (error.lineno, 0)
    message = _POSITION.sub("", (error.msg or str(error)).strip()).rstrip(".")
    if "Premature end" in message or "EndTag" in message:
        return f"The file is truncated or broken at line {line}, column {column}: {message}."
    return f"The file is not well-formed XML at line {line}, column {column}: {message}."


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _drop(element: Any) -> None:
    """Free what was read: the element's content and its earlier siblings."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


class _Reader:
    """Turns the pull parser's events into results, keeping one entry (and one container's counts) at a time."""

    def __init__(self, wanted: str) -> None:
        self.wanted = wanted
        self.label = f"camt.{wanted}"
        self.paths: Paths | None = None
        self.finished = False
        self.entries = 0
        self.entry: Entry | None = None
        self.container: _Container | None = None

    def event(self, event: str, element: Any) -> Iterator[Result]:
        name = _local(element.tag)
        if event == "start":
            if name == "Document":
                self._document(element)
            elif self.paths is None:
                raise FileRejected(f"This is not a {self.label} file: its root element is {name}, not Document.")
            elif name in MESSAGES[self.wanted][:1]:
                pass
            elif name in ("BkToCstmrStmt", "BkToCstmrDbtCdtNtfctn"):
                raise FileRejected(f"This is not a {self.label} file: it holds a {name} message.")
            elif name == MESSAGES[self.wanted][1]:
                self.container = _Container(element.sourceline, MESSAGES[self.wanted][2])
            elif name == "Ntry" and self.container is not None:
                self.entries += 1
                self.entry = Entry(self.label, self.entries, element.sourceline, self.paths)
            return
        if name == "TxDtls" and self.entry is not None:
            if not self.entry.header_read:
                read_entry_header(self.entry, element.getparent().getparent())
            if not self.entry.skipped:
                self.entry.add(read_transaction(self.entry, element))
                yield from self.entry.overflow()
            _drop(element)
        elif name == "Ntry" and self.entry is not None:
            entry, self.entry = self.entry, None
            if not entry.header_read:
                read_entry_header(entry, element)
            if self.container is not None:
                self.container.count(entry)
            yield from entry.finish()
            _drop(element)
        elif name == "TxsSummry" and self.container is not None:
            self.container.summary(element, self.paths)
            _drop(element)
        elif name == MESSAGES[self.wanted][1] and self.container is not None:
            self.container.check(self.label)
            self.container = None
            _drop(element)
        elif name == "Document":
            self.finished = True

    def _document(self, element: Any) -> None:
        namespace = element.tag.partition("}")[0].lstrip("{") if element.tag.startswith("{") else ""
        if element.getroottree().docinfo.doctype:
            raise FileRejected(REFUSED)
        found = NAMESPACE.match(namespace)
        if found is None:
            raise FileRejected(
                f"This is not a {self.label} file: its namespace is {namespace or 'missing'!r}, "
                f"not urn:iso:std:iso:20022:tech:xsd:{self.label}.001.xx."
            )
        if found.group(1) != self.wanted:
            raise FileRejected(f"This is a camt.{found.group(1)} file, not a {self.label} file.")
        self.paths = Paths(namespace)


class _Container:
    """One Stmt or Ntfctn: what its optional TxsSummry declares and what its entries add up to."""

    def __init__(self, line: int, noun: str) -> None:
        self.line, self.noun = line, noun
        self.declared: list[tuple[str, str, int, Decimal | None]] = []
        self.totals: dict[str, tuple[int, Decimal]] = {
            g: (0, ZERO) for g in ("TtlNtries", "TtlCdtNtries", "TtlDbtNtries")
        }
        self.amounts_known = True

    def summary(self, element: Any, paths: Paths | None) -> None:
        assert paths is not None
        for group in ("TtlNtries", "TtlCdtNtries", "TtlDbtNtries"):
            node = paths.find(element, group)
            if node is None:
                continue
            number = paths.text(node, "NbOfNtries")
            total = paths.raw(node, "Sum")
            if not number.isdigit():
                raise FileRejected(f"The summary {group} at line {node.sourceline} has no number of entries.")
            try:
                declared = amount(total, "sum", zero=True) if total is not None else None
            except BadField as error:
                raise FileRejected(f"The summary {group} at line {node.sourceline}: {error.message}") from None
            self.declared.append((group, f"line {node.sourceline}", int(number), declared))

    def count(self, entry: Entry) -> None:
        groups = ["TtlNtries", "TtlCdtNtries" if entry.credit else "TtlDbtNtries"]
        if entry.amount is None:
            self.amounts_known = False
        for group in groups:
            number, total = self.totals[group]
            self.totals[group] = (number + 1, total + (entry.amount or ZERO))

    def check(self, label: str) -> None:
        for group, where, number, total in self.declared:
            found_number, found_total = self.totals[group]
            wrong_sum = total is not None and self.amounts_known and total != found_total
            if number != found_number or wrong_sum:
                raise FileRejected(
                    f"{label} {self.noun} at line {self.line}: wrong totals: its summary {group} ({where}) says "
                    f"{number} entries for {total if total is not None else 'an unstated sum'}, but the "
                    f"{self.noun} has {found_number} entries for {found_total}."
                )
