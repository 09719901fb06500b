"""Reading a camt entry's header and its transactions (``TxDtls``) out of lxml elements.

Children are found by a loop over an element's few children and a comparison of tags, several
times faster than lxml's ``find`` (ElementPath, in Python) for the short paths camt needs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from backend.domain.cash.formats.camt_entries import Doc, Entry, Tx
from backend.domain.cash.formats.fields import ZERO, BadField, amount, clip, iso_date

DISCOUNT_CODE = "DSCNT"
DISCOUNT_TEXT = "cash discount"
# The children compared by full tag in the loops over a transaction's remittance information.
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
    """Child lookups in the message's own namespace, by path (``"Id/OrgId/Othr/Id"``) or by full tag."""

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
