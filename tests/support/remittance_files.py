"""The same remittance written in every format (lockbox CSV, camt.053/.054, X12 820, BAI2, EDIFACT REMADV), from
a list of simple rows.

Consecutive rows with the same payment reference are one payment; its amount is the sum of the rows'
``paid``. :func:`expected` is what a parser must read back from each format (line numbers aside).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields, replace
from datetime import date
from decimal import Decimal
from itertools import groupby
from xml.sax.saxutils import escape

from backend.domain.cash.formats.edifact_messages import REASONS as EDIFACT_REASONS
from backend.domain.cash.formats.lockbox_csv import COLUMNS
from backend.domain.cash.formats.x12_sets import REASONS
from backend.domain.cash.remittance import RemittanceLine

ZERO = Decimal("0.00")
FORMATS = ("lockbox_csv", "camt.053", "camt.054", "x12_820", "bai2", "edifact_remadv")


@dataclass(frozen=True)
class Row:
    payment_reference: str
    received_on: date
    customer_number: str
    customer_name: str
    invoice_reference: str
    paid: Decimal
    adjustment_amount: Decimal = ZERO
    adjustment_scheme: str = ""
    """Lockbox only: camt writes ``iso20022`` reasons, X12 ``x12`` (426) codes."""
    adjustment_code: str = ""
    adjustment_text: str = ""
    currency: str = "EUR"


def payments(rows: Iterable[Row]) -> Iterator[tuple[Row, list[Row], Decimal]]:
    """(first row, rows, amount) per payment."""
    for _, grouped in groupby(rows, key=lambda row: row.payment_reference):
        group = list(grouped)
        yield group[0], group, sum((row.paid for row in group), ZERO)


def lockbox_csv(rows: Iterable[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for _, group, total in payments(rows):
        for row in group:
            writer.writerow(
                [
                    row.payment_reference,
                    row.received_on.isoformat(),
                    row.customer_number,
                    total,
                    row.invoice_reference,
                    row.paid,
                    row.adjustment_amount,
                    row.adjustment_scheme,
                    row.adjustment_code,
                    row.adjustment_text,
                ]
            )
    return out.getvalue().encode()


def camt(rows: Iterable[Row], message: str = "054", version: str = "001.08") -> bytes:
    """One Stmt/Ntfctn with a TxsSummry; one credit entry per day, one TxDtls per payment, one Strd per row."""
    new = version >= "001.04"
    root, container = ("BkToCstmrStmt", "Stmt") if message == "053" else ("BkToCstmrDbtCdtNtfctn", "Ntfctn")
    entries: list[str] = []
    total, count = ZERO, 0
    all_payments = list(payments(rows))
    for day, day_payments in groupby(all_payments, key=lambda p: p[0].received_on):
        listed = list(day_payments)
        entry_total = sum((p[2] for p in listed), ZERO)
        currency = listed[0][0].currency
        total, count = total + entry_total, count + 1
        parts = [
            f'  <Ntry>\n    <NtryRef>E{count}</NtryRef>\n    <Amt Ccy="{currency}">{entry_total}</Amt>\n'
            f"    <CdtDbtInd>CRDT</CdtDbtInd>\n    <Sts>{'<Cd>BOOK</Cd>' if new else 'BOOK'}</Sts>\n"
            f"    <BookgDt><Dt>{day.isoformat()}</Dt></BookgDt>\n    <NtryDtls>\n"
        ]
        for first, group, amount in listed:
            payer = f"<Nm>{escape(first.customer_name)}</Nm><Id><OrgId><Othr><Id>{escape(first.customer_number)}</Id></Othr></OrgId></Id>"
            money = (
                f'<Amt Ccy="{first.currency}">{amount}</Amt>'
                if new
                else f'<AmtDtls><TxAmt><Amt Ccy="{first.currency}">{amount}</Amt></TxAmt></AmtDtls>'
            )
            parts.append(
                f"      <TxDtls>\n        <Refs><EndToEndId>{escape(first.payment_reference)}</EndToEndId></Refs>\n"
                f"        {money}\n        <RltdPties><Dbtr>{f'<Pty>{payer}</Pty>' if new else payer}</Dbtr></RltdPties>\n"
                "        <RmtInf>\n"
            )
            for row in group:
                adjustment = ""
                if row.adjustment_amount or row.adjustment_code or row.adjustment_text:
                    adjustment = (
                        f'<AdjstmntAmtAndRsn><Amt Ccy="{row.currency}">{row.adjustment_amount}</Amt>'
                        + (f"<Rsn>{escape(row.adjustment_code)}</Rsn>" if row.adjustment_code else "")
                        + (f"<AddtlInf>{escape(row.adjustment_text)}</AddtlInf>" if row.adjustment_text else "")
                        + "</AdjstmntAmtAndRsn>"
                    )
                parts.append(
                    "          <Strd>\n"
                    f"            <RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>{escape(row.invoice_reference)}</Nb></RfrdDocInf>\n"
                    f'            <RfrdDocAmt><RmtdAmt Ccy="{row.currency}">{row.paid}</RmtdAmt>{adjustment}</RfrdDocAmt>\n'
                    "          </Strd>\n"
                )
            parts.append("        </RmtInf>\n      </TxDtls>\n")
        parts.append("    </NtryDtls>\n  </Ntry>\n")
        entries.append("".join(parts))
    summary = (
        f"  <TxsSummry><TtlNtries><NbOfNtries>{count}</NbOfNtries><Sum>{total}</Sum></TtlNtries>"
        f"<TtlCdtNtries><NbOfNtries>{count}</NbOfNtries><Sum>{total}</Sum></TtlCdtNtries></TxsSummry>\n"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{message}.{version}">\n'
        f"<{root}>\n<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-11-21T06:00:00</CreDtTm></GrpHdr>\n"
        f"<{container}>\n  <Id>{container}-1</Id>\n{summary}{''.join(entries)}</{container}>\n</{root}>\n</Document>\n"
    ).encode()


def x12_820(rows: Iterable[Row], version: str = "004010", element: str = "*", segment: str = "~\n") -> bytes:
    """One interchange, one group, one 820 transaction set per payment."""
    isa = (
        f"ISA{element}00{element}{' ' * 10}{element}00{element}{' ' * 10}{element}ZZ{element}{'PAYER':<15}{element}"
        f"ZZ{element}{'RECOUP':<15}{element}261121{element}0600{element}{'U' if version < '005' else '^'}{element}"
        f"{'00401' if version < '005' else '00501'}{element}000000042{element}0{element}P{element}>"
    )
    out = [isa, element.join(["GS", "RA", "PAYER", "RECOUP", "20261121", "0600", "7", "X", version])]
    sets = 0
    for first, group, total in payments(rows):
        sets += 1
        control = f"{sets:04d}"
        body = [
            ["ST", "820", control],
            ["BPR", "C", str(total), "C", "ACH", "CTX", "01", "011000015", "DA", "12345", "1512345678", "", "01",
             "021000021", "DA", "67890", first.received_on.strftime("%Y%m%d")],
            ["TRN", "1", first.payment_reference, "1512345678"],
            ["CUR", "PR", first.currency],
            ["N1", "PR", first.customer_name, "91", first.customer_number],
            ["N1", "PE", "RECOUP SUPPLY"],
            ["ENT", "1"],
        ]  # fmt: skip
        for row in group:
            body.append(
                ["RMR", "IV", row.invoice_reference, "PI", str(row.paid), str(row.paid + row.adjustment_amount)]
            )
            body.append(["DTM", "003", "20261101"])
            if row.adjustment_amount or row.adjustment_code:
                body.append(["ADX", str(-row.adjustment_amount), row.adjustment_code])
                if row.adjustment_text:
                    body.append(["NTE", "ADD", row.adjustment_text])
        body.append(["SE", str(len(body) + 1), control])
        out += [element.join(parts) for parts in body]
    out += [element.join(["GE", str(sets), "7"]), element.join(["IEA", "1", "000000042"])]
    return (segment.join(out) + segment).encode()


def bai2(rows: Iterable[Row]) -> bytes:
    """One group (and account) per day and currency, a 16 credit per payment whose text is X12 820 segments
    (N1*PR, RMR, ADX, NTE) as ACH CTX addenda carry them, one segment a line."""
    out = ["01,021000021,RECOUP,261121,0600,1,80,,2/"]
    groups = file_total = 0
    for (day, currency), grouped in groupby(payments(rows), key=lambda p: (p[0].received_on, p[0].currency)):
        records, total = ["03,0123456789,,/"], 0
        for first, group, amount in grouped:
            cents = int(amount * 100)
            total += cents
            records.append(
                f"16,115,{cents},Z,BNK-{len(records)},{first.payment_reference},"
                f"N1*PR*{first.customer_name}*91*{first.customer_number}\\"
            )
            for row in group:
                records.append(f"88,RMR*IV*{row.invoice_reference}*PI*{row.paid}*{row.paid + row.adjustment_amount}\\")
                if row.adjustment_amount or row.adjustment_code:
                    records.append(f"88,ADX*{-row.adjustment_amount}*{row.adjustment_code}\\")
                    if row.adjustment_text:
                        records.append(f"88,NTE*ADD*{row.adjustment_text}\\")
        records.append(f"49,{total},{len(records) + 1}/")
        out += [f"02,RECOUP,021000021,1,{day:%y%m%d},2400,{currency},2/", *records, f"98,{total},1,{len(records) + 2}/"]
        groups, file_total = groups + 1, file_total + total
    out.append(f"99,{file_total},{groups},{len(out) + 1}/")
    return ("\n".join(out) + "\n").encode()


def _edifact(text: str) -> str:
    return "".join(f"?{c}" if c in "?'+:" else c for c in text)


def edifact_remadv(rows: Iterable[Row]) -> bytes:
    """One interchange (UNOC, Latin-1), one REMADV message per payment, a DOC group per row (its adjustment in
    an AJT group when it has a code, else a MOA+165 of the DOC)."""
    out = ["UNA:+.? '", "UNB+UNOC:3+4012345000009:14+5012345000006:14+261121:0600+REM42"]
    messages = 0
    for first, group, total in payments(rows):
        messages += 1
        body = [
            f"UNH+{messages}+REMADV:D:96A:UN",
            f"BGM+481+RA-{messages}+9",
            f"DTM+137:{first.received_on:%Y%m%d}:102",
            f"RFF+PQ:{_edifact(first.payment_reference)}",
            f"NAD+PR+{_edifact(first.customer_number)}::91++{_edifact(first.customer_name)}",
            f"CUX+2:{first.currency}:11",
        ]
        for row in group:
            body += [
                f"DOC+380+{_edifact(row.invoice_reference)}",
                f"MOA+12:{row.paid}",
                f"MOA+39:{row.paid + row.adjustment_amount}",
            ]
            if row.adjustment_code:
                body += [f"AJT+{_edifact(row.adjustment_code)}", f"MOA+165:{-row.adjustment_amount}"]
                if row.adjustment_text:
                    body.append(f"FTX+AAO+++{_edifact(row.adjustment_text)}")
            elif row.adjustment_amount:
                body.append(f"MOA+165:{row.adjustment_amount}")
        body += ["UNS+S", f"MOA+9:{total}:{first.currency}", f"UNT+{len(body) + 3}+{messages}"]
        out += body
    out.append(f"UNZ+{messages}+REM42")
    return "'\n".join([out[0].removesuffix("'"), *out[1:]]).encode("latin-1") + b"'\n"


def write(fmt: str, rows: list[Row]) -> bytes:
    if fmt == "lockbox_csv":
        return lockbox_csv(rows)
    if fmt.startswith("camt."):
        return camt(rows, message=fmt[-3:])
    if fmt == "bai2":
        return bai2(rows)
    if fmt == "edifact_remadv":
        return edifact_remadv(rows)
    return x12_820(rows)


def expected(fmt: str, rows: list[Row]) -> list[RemittanceLine]:
    """What parsing ``write(fmt, rows)`` gives, each with ``line=0``."""
    lines = []
    for _, group, total in payments(rows):
        for row in group:
            scheme, code, text = row.adjustment_scheme, row.adjustment_code, row.adjustment_text
            if fmt.startswith("camt."):
                scheme = "iso20022" if row.adjustment_amount or code else ""
            elif fmt in {"x12_820", "bai2"}:
                has = row.adjustment_amount or code
                scheme = "x12" if code else ""
                text = (
                    (text or (REASONS.get(code, f"adjustment reason {code} (X12 426)") if code else "")) if has else ""
                )
            elif fmt == "edifact_remadv":
                scheme = "edifact" if code else ""
                text = (text or EDIFACT_REASONS.get(code, f"adjustment reason {code} (EDIFACT 4465)")) if code else ""
            lines.append(
                RemittanceLine(
                    line=0,
                    payment_reference=row.payment_reference,
                    received_on=row.received_on,
                    customer_number=row.customer_number,
                    customer_name="" if fmt == "lockbox_csv" else row.customer_name,
                    payment_amount=total,
                    currency="" if fmt == "lockbox_csv" else row.currency,
                    invoice_reference=row.invoice_reference,
                    paid_amount=row.paid,
                    adjustment_amount=row.adjustment_amount,
                    adjustment_scheme=scheme,
                    adjustment_code=code,
                    adjustment_text=text,
                )
            )
    return lines


def without_lines(results: Iterable[object]) -> list[object]:
    return [replace(r, line=0) if isinstance(r, RemittanceLine) else r for r in results]


def brief(results: Iterable[object]) -> list[object]:
    """What a parser yielded, each RemittanceLine as the tuple of its fields up to ``adjustment_text`` (the advice
    it expands aside), errors and skips as they are: easy to compare with a hand-written expectation."""
    return [astuple(r)[:BRIEF_FIELDS] if isinstance(r, RemittanceLine) else r for r in results]


BRIEF_FIELDS = [f.name for f in fields(RemittanceLine)].index("adjustment_text") + 1
