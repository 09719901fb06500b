"""BAI2 cash management and lockbox files (Bank Administration Institute, version 2), read record by record.

The ``bai2`` package (0.15) reads the records: it joins the 88 continuations onto their record, splits
the fields of each record type and tells credits from debits by its table of type codes. Its whole-file
parser is not used: it builds the whole file as one tree before it checks anything (a 100 MB file
would be held in memory) and its errors do not say where in the file they are. So the walk through the
file and the control totals are ours, with the rules of the package's ``validate`` methods and of the
BAI2 specification: an account's 49 total is the sum of the amounts of its 03 and 16 records, a group's
98 total the sum of its accounts' 49 totals, the file's 99 total the sum of its groups' 98 totals, and
each trailer counts the records from its header to itself, 88 continuations included.

Every result's ``line`` is the line of the file. Each credit (16 record with a credit type code) is one
payment; its records are read by :mod:`bai2_records`, its remittance text by :mod:`bai2_text`. An account's results are held back until
its 49 trailer so that wrong totals mark them all (past ``ACCOUNT_BUFFER`` results they are let out as
they come, and a late error is one LineError on the trailer). What is read from where is in
docs/IMPORTS.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, BinaryIO

from bai2.constants import TypeCodeTransaction

from backend.domain.cash.formats.bai2_records import Lines, Record, locator, records
from backend.domain.cash.formats.bai2_text import read_text
from backend.domain.cash.formats.fields import clip
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine
from backend.domain.money import MAX_AMOUNT

ACCOUNT_BUFFER = 10_000
Result = RemittanceLine | LineError | LineSkipped


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _counted(declared: int | None, what: str, actual: int, inside: str) -> str | None:
    if declared == actual:
        return None
    return f"it counts {declared if declared is not None else 'no'} {what}; {inside} has {actual}."


@dataclass
class _Account:
    line: int
    number: str
    currency: str
    received_on: date
    records: int
    total: int
    known: bool = True
    held: list[tuple[Result, str]] = field(default_factory=list)
    flushed: bool = False


@dataclass
class _Section:
    """A file (01 … 99) or group (02 … 98): its records and the totals of what it holds."""

    line: int
    records: int
    received_on: date | None = None
    currency: str = ""
    total: int = 0
    parts: int = 0


def parse_bai2(stream: BinaryIO) -> Iterator[Result]:
    """Every payment of the credits of a BAI2 file (see the module docstring).

    Raises FileRejected when the file does not start with 01, is truncated (no 99), has records out of
    place or unreadable headers and trailers, or group (98) or file (99) totals and counts that do not agree.
    """
    lines = Lines(stream)
    try:
        yield from _walk(lines)
    finally:
        lines.text.detach()


def _envelope(record: Record) -> Any:
    if record.problem is not None:
        raise FileRejected(f"Line {record.line} ({record.code}) cannot be read: {record.problem}")
    return record.model


def _walk(lines: Lines) -> Iterator[Result]:
    file: _Section | None = None
    group: _Section | None = None
    account: _Account | None = None
    for record in records(lines):
        code, rows, where = record.code, len(record.rows), f"Line {record.line} ({record.code})"
        if code == "01":
            if file is not None:
                raise FileRejected(f"{where} starts a second file header; send one file at a time.")
            _envelope(record)
            file = _Section(record.line, rows)
        elif file is None:
            raise FileRejected(f"{where} comes after the file trailer (99).")
        elif code == "99":
            if group is not None:
                raise FileRejected(f"{where} ends the file before the group of line {group.line} ended (98).")
            trailer = _envelope(record)
            file.records += rows
            problem = _counted(trailer.number_of_groups, "groups", file.parts, "the file") or _counted(
                trailer.number_of_records, "records", file.records, "the file (01 to 99, with 88 continuations)"
            )
            if problem is None and trailer.file_control_total != file.total:
                problem = (
                    f"the file control total {_money(trailer.file_control_total)} is not the sum of "
                    f"its groups' totals (98), {_money(file.total)}."
                )
            if problem:
                raise FileRejected(f"{where}: {problem}")
            file = None
        elif code == "02":
            if group is not None:
                raise FileRejected(f"{where} starts a group before the group of line {group.line} ended (98).")
            header = _envelope(record)
            if header.as_of_date is None:
                raise FileRejected(f"{where}: the as-of date (the day the payments were received) is missing.")
            group = _Section(record.line, rows, header.as_of_date, header.currency.upper()[:3])
            file.parts += 1
        elif group is None:
            raise FileRejected(f"{where} is outside a group (02 … 98).")
        elif code == "98":
            if account is not None:
                raise FileRejected(f"{where} ends the group before the account of line {account.line} ended (49).")
            trailer = _envelope(record)
            group.records += rows
            problem = _counted(trailer.number_of_accounts, "accounts", group.parts, "the group") or _counted(
                trailer.number_of_records, "records", group.records, "the group (02 to 98, with 88 continuations)"
            )
            if problem is None and trailer.group_control_total != group.total:
                problem = (
                    f"the group control total {_money(trailer.group_control_total)} is not the sum of "
                    f"its accounts' totals (49), {_money(group.total)}."
                )
            if problem:
                raise FileRejected(f"{where}: {problem}")
            file.records, file.total, group = (
                file.records + group.records,
                file.total + trailer.group_control_total,
                None,
            )
        elif code == "03":
            if account is not None:
                raise FileRejected(f"{where} starts an account before the account of line {account.line} ended (49).")
            header = _envelope(record)
            assert group.received_on is not None
            total = sum(item.amount or 0 for item in header.summary_items)
            currency = (header.currency or group.currency).upper()[:3]
            number = clip(header.customer_account_number, 64)
            account = _Account(record.line, number, currency, group.received_on, rows, total)
            group.parts += 1
        elif account is None:
            raise FileRejected(f"{where} is outside an account (03 … 49).")
        elif code == "16":
            account.records += rows
            yield from _hold(account, _transaction(record, account))
        else:  # 49
            account.records += rows
            trailer = _envelope(record)
            yield from _close(record, trailer, account)
            group.records, group.total = group.records + account.records, group.total + trailer.account_control_total
            account = None
    if file is not None:
        raise FileRejected(f"The file ends after line {lines.last} without its file trailer (99): it is truncated.")


def _hold(account: _Account, results: Iterable[tuple[Result, str]]) -> Iterator[Result]:
    account.held.extend(results)
    if len(account.held) > ACCOUNT_BUFFER:
        account.flushed = True
        held, account.held = account.held, []
        yield from (result for result, _ in held)


def _close(record: Record, trailer: Any, account: _Account) -> Iterator[Result]:
    """The 49 record: the account's count and total, then its held results."""
    problem = _counted(
        trailer.number_of_records, "records", account.records, "the account (03 to 49, with 88 continuations)"
    )
    if problem is None and account.known and trailer.account_control_total != account.total:
        problem = (
            f"wrong totals: the account control total {_money(trailer.account_control_total)} is not the sum "
            f"of the account's amounts (03 and 16 records), {_money(account.total)}."
        )
    held, account.held = account.held, []
    if problem is None:
        yield from (result for result, _ in held)
        return
    message = f"BAI2 line {record.line} (49): {problem}"
    if account.flushed:
        yield LineError(record.line, f"{message} None of the account's lines count.")
        return
    kind = "wrong totals" if problem.startswith("wrong totals") else "a wrong record count"
    reason = f"not taken: the account {account.number} (line {account.line}) has {kind} (line {record.line})."
    for result, label in held:
        yield LineError(result.line, f"{label}: {reason}") if isinstance(result, RemittanceLine) else result
    yield LineError(record.line, message)


def _transaction(record: Record, account: _Account) -> Iterator[tuple[Result, str]]:
    """One 16 record: a payment of one line per invoice its text names, a skipped debit, or an error."""
    label = f"BAI2 line {record.line} (16)"
    detail = record.model
    if record.problem is None and detail.type_code is None:
        record.problem = "the type code is missing."
    if record.problem is not None or detail.amount is None or detail.amount < 0:
        account.known = record.problem is None and detail.amount is not None and account.known
        if record.problem is None:
            account.total += detail.amount or 0
        why = record.problem or (
            "the amount is missing." if detail.amount is None else f"the amount {detail.amount} is negative."
        )
        yield LineError(record.line, f"{label}: {why}", read=record.raw), label
        return
    account.total += detail.amount
    kind = detail.type_code.transaction
    if kind != TypeCodeTransaction.credit:
        what = "a debit, not a customer payment" if kind == TypeCodeTransaction.debit else "not a credit"
        message = f"{label}: type {detail.type_code.code} ({detail.type_code.description}) is {what}; skipped."
        yield LineSkipped(record.line, message), label
        return
    total = _money(detail.amount)
    reference = clip(detail.customer_reference or detail.bank_reference, 64)
    problem = None
    if total > MAX_AMOUNT:
        problem = f"the amount {total} is too large."
    elif not reference:
        problem = "the credit has neither a customer reference nor a bank reference to tell the payment by."
    if problem:
        yield LineError(record.line, f"{label}: {problem}", read=record.raw), label
        return
    if not total:
        yield LineSkipped(record.line, f"{label}: a credit of 0.00, nothing to apply; skipped."), label
        return
    text = detail.text or ""
    remittance = read_text(text, total)
    locate = locator(record, text)
    results: list[tuple[Result, str]] = []
    for invoice in remittance.invoices:
        line = locate(invoice.offset)
        where = f"BAI2 line {line} ({'16' if line == record.line else '88'})"
        if remittance.problem and line != record.line:
            results.append(
                (LineError(line, f"{where}: not taken: the credit of line {record.line} has wrong totals."), where)
            )
        elif invoice.problem or invoice.paid is None:
            results.append((LineError(line, f"{where}: {invoice.problem}"), where))
        elif not remittance.problem:
            paid = invoice.paid
            results.append(
                (
                    RemittanceLine(
                        line=line,
                        payment_reference=reference,
                        received_on=account.received_on,
                        customer_number=remittance.customer_number,
                        customer_name=remittance.customer_name,
                        payment_amount=total,
                        currency=account.currency,
                        invoice_reference=invoice.reference,
                        paid_amount=paid,
                        adjustment_amount=invoice.adjustment_amount,
                        adjustment_scheme=invoice.scheme,
                        adjustment_code=invoice.code,
                        adjustment_text=invoice.adjustment_text,
                    ),
                    where,
                )
            )
    if remittance.problem:
        yield LineError(record.line, f"{label}: {remittance.problem}", read=record.raw), label
    yield from results


parse = parse_bai2
