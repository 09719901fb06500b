"""One camt entry (``Ntry``) and its transactions (``NtryDtls/TxDtls``) into remittance lines, with the totals checks.

An entry's lines are held back until the entry ends so that wrong totals can mark every line of it;
past :data:`ENTRY_BUFFER` lines (a batch booking of thousands of payments) they are let out as they
come, and wrong totals then make one LineError on the entry's own line instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from backend.domain.cash.formats.fields import ZERO, BadField, amount, clip, iso_date
from backend.domain.cash.remittance import LineError, LineSkipped, RemittanceLine

ENTRY_BUFFER = 10_000
DISCOUNT_CODE = "DSCNT"
DISCOUNT_TEXT = "cash discount"


_NAMES = (
    "Ustrd",
    "Strd",
    "RfrdDocInf",
    "RfrdDocAmt",
    "CdtrRefInf",
    "RmtdAmt",
    "AdjstmntAmtAndRsn",
    "DscntApldAmt",
    "Nb",
)


class Paths:
    """Child lookups in the message's own namespace. A loop over an element's few children is several times
    faster than lxml's ``find`` (ElementPath, in Python) for the one- to four-step paths camt needs."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self._prefix = f"{{{namespace}}}"
        self._cut = len(self._prefix)
        self.tag = {name: self._prefix + name for name in _NAMES}
        self._cache: dict[str, tuple[str, ...]] = {}

    def q(self, path: str) -> tuple[str, ...]:
        found = self._cache.get(path)
        if found is None:
            found = self._cache[path] = tuple(f"{{{self.namespace}}}{step}" for step in path.split("/"))
        return found

    def find(self, element: Any, path: str) -> Any:
        """The first element at ``path`` (``"Id/OrgId/Othr/Id"``) below ``element``, or ``None``."""
        for tag in self.q(path):
            for child in element:
                if child.tag == tag:
                    element = child
                    break
            else:
                return None
        return element

    def raw(self, element: Any, path: str) -> str | None:
        """The text at ``path``: ``None`` when there is no such element, ``""`` when it is empty."""
        found = self.find(element, path)
        return None if found is None else (found.text or "")

    def text(self, element: Any, path: str) -> str:
        found = self.find(element, path)
        return (found.text or "").strip() if found is not None else ""

    def local(self, element: Any) -> str:
        """The element's name without its namespace (``""`` for one of another namespace)."""
        tag = element.tag
        return tag[self._cut :] if isinstance(tag, str) and tag.startswith(self._prefix) else ""

    def kids(self, element: Any) -> dict[str, Any]:
        """The element's children by local name, the first of each name."""
        found: dict[str, Any] = {}
        for child in element:
            found.setdefault(self.local(child), child)
        return found


@dataclass
class Doc:
    line: int
    invoice: str
    paid: Decimal | None = None
    """``None``: not stated, the transaction's amount when it pays this one document only."""
    adjustment: tuple[Decimal, str, str, str] = (ZERO, "", "", "")
    problem: str | None = None


@dataclass
class Tx:
    index: int
    line: int
    reference: str
    name: str
    number: str
    currency: str
    amount: Decimal | None
    problem: str | None
    docs: list[Doc] = field(default_factory=list)


@dataclass
class Entry:
    label: str
    index: int
    line: int
    paths: Paths
    header_read: bool = False
    skipped: str | None = None
    problem: str | None = None
    amount: Decimal | None = None
    currency: str = ""
    credit: bool = False
    received_on: date | None = None
    references: tuple[str, str] = ("", "")
    transactions: int = 0
    buffered: list[Tx] = field(default_factory=list)
    buffered_lines: int = 0
    flushed: bool = False
    tx_total: Decimal = ZERO
    tx_total_known: bool = True

    @property
    def where(self) -> str:
        return f"{self.label} entry {self.index} (line {self.line})"

    def add(self, tx: Tx) -> None:
        self.transactions += 1
        if tx.amount is None or tx.currency != self.currency:
            self.tx_total_known = False
        else:
            self.tx_total += tx.amount
        self.buffered.append(tx)
        self.buffered_lines += max(1, len(tx.docs))

    def overflow(self) -> Iterator[RemittanceLine | LineError]:
        """Let the held-back lines out when there are too many to hold."""
        if self.buffered_lines > ENTRY_BUFFER:
            self.flushed = True
            yield from self._release(f"not taken: {self.where} has an error." if self.problem else None)

    def finish(self) -> Iterator[RemittanceLine | LineError | LineSkipped]:
        if self.skipped:
            yield LineSkipped(self.line, self.skipped)
            return
        if self.transactions == 0:
            yield self._without_details()
            return
        problem = self.problem
        if problem is None and self.amount is not None and self.tx_total_known and self.tx_total != self.amount:
            problem = (
                f"wrong totals: the transaction amounts add up to {self.tx_total}, "
                f"not to the entry amount {self.amount} {self.currency}."
            )
        if problem is None:
            yield from self._release(None)
        elif self.flushed:
            yield from self._release(f"not taken: {self.where} has an error." if self.problem else None)
            yield LineError(self.line, f"{self.where}: {problem} None of its {self.transactions} transactions count.")
        else:
            yield LineError(self.line, f"{self.where}: {problem}")
            kind = "wrong totals" if problem.startswith("wrong totals") else "an error"
            yield from self._release(f"not taken: {self.where} has {kind}.")

    def _release(self, wrong: str | None) -> Iterator[RemittanceLine | LineError]:
        for tx in self.buffered:
            yield from self._lines(tx, wrong)
        self.buffered, self.buffered_lines = [], 0

    def _lines(self, tx: Tx, wrong: str | None) -> Iterator[RemittanceLine | LineError]:
        where = f"{self.label} entry {self.index}, transaction {tx.index}"
        payment = tx.amount
        if payment is None and tx.problem is None:
            if self.transactions == 1 and not self.flushed and self.amount is not None:
                payment, tx.currency = self.amount, self.currency
            else:
                tx.problem = "the transaction has no amount (Amt or AmtDtls/TxAmt/Amt)."
        docs = tx.docs or [Doc(tx.line, "")]
        problem = wrong or tx.problem
        if problem is None and not tx.reference:
            problem = "there is no payment reference (Refs/EndToEndId or AcctSvcrRef, or the entry's NtryRef)."
        if problem is None and payment is not None:
            stated = [doc.paid for doc in docs]
            if all(paid is not None for paid in stated) and len(docs) > 0:
                total = sum((paid for paid in stated if paid is not None), ZERO)
                if total != payment and not any(doc.problem for doc in docs):
                    problem = (
                        f"wrong totals: the remitted amounts (RmtdAmt) add up to {total}, "
                        f"not to the transaction amount {payment} {tx.currency}."
                    )
        for doc in docs:
            paid = doc.paid
            doc_problem = problem or doc.problem
            if doc_problem is None and paid is None:
                if len(docs) == 1:
                    paid = payment
                else:
                    doc_problem = (
                        f"document {doc.invoice!r} has no remitted amount (RfrdDocAmt/RmtdAmt) and the "
                        f"transaction pays {len(docs)} documents."
                    )
            if doc_problem is not None or paid is None or payment is None or self.received_on is None:
                yield LineError(doc.line, f"{where} (line {doc.line}): {doc_problem or 'the entry has no date.'}")
                continue
            adjustment, scheme, code, text = doc.adjustment
            yield RemittanceLine(
                line=doc.line,
                payment_reference=tx.reference,
                received_on=self.received_on,
                customer_number=tx.number,
                customer_name=tx.name,
                payment_amount=payment,
                currency=tx.currency,
                invoice_reference=doc.invoice,
                paid_amount=paid,
                adjustment_amount=adjustment,
                adjustment_scheme=scheme,
                adjustment_code=code,
                adjustment_text=text,
            )

    def _without_details(self) -> RemittanceLine | LineError:
        reference = self.references[0] or self.references[1]
        problem = self.problem
        if problem is None and not reference:
            problem = "there is no payment reference (NtryRef or AcctSvcrRef) and no transaction details."
        if problem is not None or self.amount is None or self.received_on is None:
            return LineError(self.line, f"{self.where}: {problem}")
        return RemittanceLine(
            line=self.line,
            payment_reference=reference,
            received_on=self.received_on,
            customer_number="",
            customer_name="",
            payment_amount=self.amount,
            currency=self.currency,
            invoice_reference="",
            paid_amount=self.amount,
            adjustment_amount=ZERO,
            adjustment_scheme="",
            adjustment_code="",
            adjustment_text="",
        )


def read_entry_header(entry: Entry, ntry: Any) -> None:
    """Amount, direction, status, date and references of an entry: the children before its NtryDtls."""
    p = entry.paths
    entry.header_read = True
    node = p.find(ntry, "Amt")
    entry.currency = (node.get("Ccy") or "").strip() if node is not None else ""
    indicator = p.text(ntry, "CdtDbtInd")
    entry.credit = indicator == "CRDT"
    entry.references = (clip(p.text(ntry, "NtryRef"), 64), clip(p.text(ntry, "AcctSvcrRef"), 64))
    try:
        entry.amount = amount(node.text if node is not None else None, "entry amount (Amt)")
    except BadField as error:
        entry.problem = error.message
    shown = f"{entry.amount} {entry.currency}" if entry.amount is not None else "an amount"
    status_node = p.find(ntry, "Sts")
    status = ""
    if status_node is not None:
        status = (p.raw(status_node, "Cd") if len(status_node) else status_node.text) or ""
    status = status.strip().upper()
    if p.text(ntry, "RvslInd").lower() in ("true", "1"):
        entry.skipped = f"{entry.where}: a reversal of an earlier entry ({shown}), not a customer payment; skipped."
    elif indicator == "DBIT":
        entry.skipped = f"{entry.where}: a debit of {shown}, not a customer payment; skipped."
    elif indicator != "CRDT":
        entry.problem = entry.problem or f"the credit/debit indicator (CdtDbtInd) is {indicator!r}, not CRDT or DBIT."
    elif status in ("PDNG", "INFO"):
        entry.skipped = f"{entry.where}: not booked yet (status {status}), so not cash received; skipped."
    for tag, name in (("BookgDt", "booking date (BookgDt)"), ("ValDt", "value date (ValDt)")):
        day = p.find(ntry, tag)
        if day is None:
            continue
        try:
            entry.received_on = iso_date(p.raw(day, "Dt") or p.raw(day, "DtTm"), name)
        except BadField as error:
            entry.problem = entry.problem or error.message
        break
    else:
        entry.problem = entry.problem or "there is no booking date (BookgDt) or value date (ValDt)."


def read_transaction(entry: Entry, tx: Any) -> Tx:
    """One TxDtls: its amount, reference, payer and the documents it pays."""
    p = entry.paths
    kids = p.kids(tx)
    node = kids.get("Amt")
    if node is None and "AmtDtls" in kids:
        node = p.find(kids["AmtDtls"], "TxAmt/Amt")
    value, problem = None, None
    if node is not None:
        try:
            value = amount(node.text, "transaction amount (Amt)")
        except BadField as error:
            problem = error.message
    reference = ""
    if "Refs" in kids:
        refs = p.kids(kids["Refs"])
        end_to_end = _strip(refs.get("EndToEndId"))
        reference = end_to_end if end_to_end.upper() != "NOTPROVIDED" else ""
        reference = reference or _strip(refs.get("AcctSvcrRef"))
    reference = clip(reference, 64) or entry.references[0] or entry.references[1]
    name = number = ""
    payer = p.find(kids["RltdPties"], "Dbtr") if "RltdPties" in kids else None
    if payer is not None:
        party = p.find(payer, "Pty")
        payer = party if party is not None else payer
        name = clip(p.text(payer, "Nm"), 140)
        number = clip(p.text(payer, "Id/OrgId/Othr/Id") or p.text(payer, "Id/PrvtId/Othr/Id"), 64)
    currency = (node.get("Ccy") or "").strip() if node is not None else entry.currency
    found = Tx(entry.transactions + 1, tx.sourceline, reference, name, number, currency, value, problem)
    if "RmtInf" in kids:
        found.docs = _documents(kids["RmtInf"], tx.sourceline, p)
    return found


def _strip(element: Any) -> str:
    return (element.text or "").strip() if element is not None else ""


def _documents(remittance: Any, line: int, p: Paths) -> list[Doc]:
    docs: list[Doc] = []
    unstructured: list[str] = []
    ustrd, strd = p.tag["Ustrd"], p.tag["Strd"]
    for part in remittance:
        tag = part.tag
        if tag == strd:
            docs += _structured(part, p)
        elif tag == ustrd:
            unstructured.append(_strip(part))
    if not docs and any(unstructured):
        docs.append(Doc(line, clip(" ".join(text for text in unstructured if text), 140)))
    return docs


def _structured(structured: Any, p: Paths) -> list[Doc]:
    named: list[tuple[str, int]] = []
    amounts = creditor = None
    info, amts, creditor_tag, nb = p.tag["RfrdDocInf"], p.tag["RfrdDocAmt"], p.tag["CdtrRefInf"], p.tag["Nb"]
    for part in structured:
        tag = part.tag
        if tag == info:
            for child in part:
                if child.tag == nb:
                    number = (child.text or "").strip()
                    if number:
                        named.append((number[:64], part.sourceline))
                    break
        elif tag == amts:
            amounts = part
        elif tag == creditor_tag:
            creditor = part
    if not named and creditor is not None and p.text(creditor, "Ref"):
        named = [(clip(p.text(creditor, "Ref"), 64), creditor.sourceline)]
    docs = []
    for number, doc_line in named:
        doc = Doc(doc_line, number)
        if amounts is not None and len(named) > 1:
            doc.problem = f"one RfrdDocAmt for {len(named)} documents: the amount paid on each is not known."
        elif amounts is not None:
            try:
                doc.paid, doc.adjustment = _amounts(amounts, p)
            except BadField as error:
                doc.problem = error.message
        docs.append(doc)
    return docs


def _amounts(amounts: Any, p: Paths) -> tuple[Decimal | None, tuple[Decimal, str, str, str]]:
    """RmtdAmt, and the adjustments and discounts taken as one adjustment (the first reason code wins)."""
    paid = None
    total, codes, texts = ZERO, [], []
    discounted = False
    remitted, adjusted, discount = p.tag["RmtdAmt"], p.tag["AdjstmntAmtAndRsn"], p.tag["DscntApldAmt"]
    for part in amounts:
        kind = part.tag
        if kind == remitted:
            paid = amount(part.text or "", "remitted amount (RmtdAmt)", zero=True)
        elif kind == adjusted:
            total += amount(p.raw(part, "Amt"), "adjustment amount (AdjstmntAmtAndRsn/Amt)", zero=True)
            codes.append(p.text(part, "Rsn").upper())
            texts.append(p.text(part, "AddtlInf"))
        elif kind == discount:
            if len(part):  # version 3 on: DiscountAmountAndType (Tp, Amt)
                raw = p.raw(part, "Amt")
                codes.append((p.text(part, "Tp/Cd") or p.text(part, "Tp/Prtry") or DISCOUNT_CODE).upper())
            else:  # version 2: the amount itself
                raw = part.text
                codes.append(DISCOUNT_CODE)
            total += amount(raw, "discount (DscntApldAmt)", zero=True)
            discounted = True
    if discounted:
        texts.append(DISCOUNT_TEXT)
    code = next((c for c in codes if c), "")
    scheme = "iso20022" if total > 0 or code else ""
    return paid, (total, scheme, code[:32], clip("; ".join(t for t in texts if t), 500))
