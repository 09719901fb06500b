"""BAI2 files into remittance lines: credits, their remittance text, control totals and counts as a clerk reads them."""

from __future__ import annotations

import io
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.cash.formats import bai2 as bai2_format
from backend.domain.cash.formats.bai2 import parse_bai2
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from tests.support.api import Api
from tests.support.imports import import_file
from tests.support.remittance_files import Row, bai2, brief

SAMPLES = Path(__file__).parent / "samples"
D = Decimal


def _parse(data: bytes) -> list[Any]:
    return list(parse_bai2(io.BytesIO(data)))


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def _rejected(data: bytes) -> str:
    with pytest.raises(FileRejected) as caught:
        _parse(data)
    return str(caught.value)


def test_each_credit_is_a_payment_of_the_invoices_its_text_names_and_debits_are_skipped() -> None:
    results = _parse(_sample("bai2_good.bai"))

    ach = ("ACH20261120-0091", date(2026, 11, 20), "C-3001", "MEGAMART STORES INC", D("2455.00"), "USD")
    cheque = ("CHK-1048833", date(2026, 11, 20), "C-3017", "", D("1470.00"), "USD")
    assert brief(results) == [
        # ACH CTX: the addenda's X12 segments, one RMR a line, ADX adjustments with their 426 codes
        (5, *ach, "INV-20261101", D("1000.00"), D("0.00"), "", "", ""),
        (6, *ach, "INV-20261102", D("855.00"), D("45.00"), "x12", "04", "3 CASES RECEIVED DAMAGED"),
        (8, *ach, "4500012399", D("600.00"), D("30.00"), "x12", "59", "item not received"),
        # a lockbox cheque: invoice numbers with amounts that add up to the credit, the customer named in the text
        (9, *cheque, "INV-20261110", D("980.00"), D("0.00"), "", "", ""),
        (10, *cheque, "INV-20261111", D("490.00"), D("0.00"), "", "", ""),
        # free text without amounts: one line, the text as the reference (matching finds the invoices in it)
        (
            11,
            "CHK-1048834",
            date(2026, 11, 20),
            "",
            "",
            D("550.00"),
            "USD",
            "PAYMENT FOR INV-20261112 AND INV-20261113",
            D("550.00"),
            D("0.00"),
            "",
            "",
            "",
        ),
        LineSkipped(12, "BAI2 line 12 (16): type 475 (Check Paid) is a debit, not a customer payment; skipped."),
        # the second group's day and the account's currency; no customer reference: the bank's
        (
            17,
            "FW26112100017",
            date(2026, 11, 21),
            "",
            "",
            D("1200.00"),
            "CAD",
            "INVOICE 88001",
            D("1200.00"),
            D("0.00"),
            "",
            "",
            "",
        ),
        LineSkipped(18, "BAI2 line 18 (16): type 890 (Contains Non-monetary Information) is not a credit; skipped."),
    ]
    assert all(type(r.paid_amount) is Decimal for r in results if isinstance(r, RemittanceLine))


def test_amounts_that_do_not_add_up_to_the_credit_leave_the_text_whole() -> None:
    data = _sample("bai2_good.bai").replace(b"INV-20261111 490.00", b"INV-20261111 480.00")

    results = _parse(data)

    assert brief(results)[3:4] == [
        (
            9,
            "CHK-1048833",
            date(2026, 11, 20),
            "C-3017",
            "",
            D("1470.00"),
            "USD",
            "CUST C-3017 INV-20261110 980.00 INV-20261111 480.00",
            D("1470.00"),
            D("0.00"),
            "",
            "",
            "",
        ),
    ]


def test_x12_segments_that_do_not_add_up_to_the_credit_are_wrong_totals_on_each_of_its_lines() -> None:
    data = _sample("bai2_good.bai").replace(b"RMR*IV*INV-20261101*PI*1000.00", b"RMR*IV*INV-20261101*PI*1100.00")

    results = _parse(data)

    assert results[:4] == [
        LineError(
            4,
            "BAI2 line 4 (16): wrong totals: the invoices' paid amounts (RMR04) add up to 2555.00, "
            "not to the transaction amount 2455.00.",
            read=results[0].read,
        ),
        *[
            LineError(line, f"BAI2 line {line} (88): not taken: the credit of line 4 has wrong totals.")
            for line in (5, 6, 8)
        ],
    ]
    assert [r.line for r in results[4:] if isinstance(r, RemittanceLine)] == [9, 10, 11, 17]


def test_an_account_whose_control_total_is_wrong_has_wrong_totals_on_every_line() -> None:
    results = _parse(_sample("bai2_wrong_totals.bai"))

    reason = "not taken: the account 0123456789 (line 3) has wrong totals (line 13)."
    assert results[:8] == [
        *[
            LineError(line, f"BAI2 line {line} ({code}): {reason}")
            for line, code in ((5, "88"), (6, "88"), (8, "88"), (9, "16"), (10, "88"), (11, "16"))
        ],
        LineSkipped(12, "BAI2 line 12 (16): type 475 (Check Paid) is a debit, not a customer payment; skipped."),
        LineError(
            13,
            "BAI2 line 13 (49): wrong totals: the account control total 9576.00 is not the sum of the account's "
            "amounts (03 and 16 records), 9575.00.",
        ),
    ]
    assert [r.line for r in results[8:] if isinstance(r, RemittanceLine)] == [17]


def test_a_wrong_record_count_on_the_account_trailer_spoils_the_account() -> None:
    results = _parse(_sample("bai2_good.bai").replace(b"49,957500,11/", b"49,957500,10/"))

    assert results[7] == LineError(
        13,
        "BAI2 line 13 (49): it counts 10 records; the account (03 to 49, with 88 continuations) has 11.",
    )
    assert results[0] == LineError(
        5, "BAI2 line 5 (88): not taken: the account 0123456789 (line 3) has a wrong record count (line 13)."
    )


def test_bad_amounts_type_codes_and_references_are_errors_at_their_line() -> None:
    results = _parse(_sample("bai2_bad_values.bai"))

    assert [(r.line, r.message) if isinstance(r, LineError) else r.line for r in results] == [
        (
            4,
            "BAI2 line 4 (16): '1470.00' is not a whole number: BAI2 amounts are in cents, without a decimal point "
            "(1234.56 is written 123456).",
        ),
        (5, "BAI2 line 5 (16): the type code '1X5' is not a BAI2 type code (three digits)."),
        (7, "BAI2 line 7 (88): the paid amount (RMR04) '600.0O' is not an amount."),
        8,
        (
            9,
            "BAI2 line 9 (16): the credit has neither a customer reference nor a bank reference to tell the payment by.",
        ),
    ]
    assert results[0].read == "16,115,1470.00,Z,L0001,CHK-1048833,INV-20261110 980.00 INV-20261111 490.00"


GOOD = _sample("bai2_good.bai")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_sample("bai2_truncated.bai"), "The file ends after line 11 without its file trailer (99): it is truncated."),
        (
            _sample("bai2_wrong_counts.bai"),
            "Line 20 (98): it counts 7 records; the group (02 to 98, with 88 continuations) has 6.",
        ),
        (
            GOOD.replace(b"98,120000,1,6/", b"98,130000,1,6/").replace(b"99,1077500", b"99,1087500"),
            "Line 20 (98): the group control total 1300.00 is not the sum of its accounts' totals (49), 1200.00.",
        ),
        (GOOD.replace(b"98,957500,1,13/", b"98,957500,2,13/"), "Line 14 (98): it counts 2 accounts; the group has 1."),
        (
            GOOD.replace(b"99,1077500,2,21/", b"99,1077400,2,21/"),
            "Line 21 (99): the file control total 10774.00 is not the sum of its groups' totals (98), 10775.00.",
        ),
        (GOOD.replace(b"99,1077500,2,21/", b"99,1077500,3,21/"), "Line 21 (99): it counts 3 groups; the file has 2."),
        (
            GOOD.replace(b"99,1077500,2,21/", b"99,1077500,2,20/"),
            "Line 21 (99): it counts 20 records; the file (01 to 99, with 88 continuations) has 21.",
        ),
        (
            GOOD.replace(b"16,475,", b"17,475,"),
            "Line 12 does not start with a BAI2 record code (01, 02, 03, 16, 49, 88, 98 or 99) and a comma "
            "('17,475,10000,0,B6110'): the file is damaged or not BAI2.",
        ),
        (GOOD.replace(b"03,0987654321,CAD/\n", b""), "Line 16 (16) is outside an account (03 … 49)."),
        (GOOD + b"16,115,100,0,X,Y/\n", "Line 22 (16) comes after the file trailer (99)."),
        (
            GOOD.replace(b"261120,2400,USD", b"261131,2400,USD"),
            "Line 2 (02) cannot be read: a date or time is not valid (dates are YYMMDD, times HHMM): "
            "day is out of range for month.",
        ),
        (
            GOOD.replace(b",80,,2/", b",80,,3/"),
            "Line 1 (01) cannot be read: only BAI version 2 files are read (the last field of the 01 record).",
        ),
        (b"ISA*00*", "The file does not start with a 01 (file header) record, so it is not a BAI2 file."),
        (b"", "The file is empty."),
    ],
)
def test_a_file_that_cannot_be_read_as_a_whole_is_rejected(data: bytes, message: str) -> None:
    assert _rejected(data) == message


def test_an_account_too_large_to_hold_is_let_out_and_its_wrong_total_is_one_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bai2_format, "ACCOUNT_BUFFER", 5)
    rows = [Row(f"CHK-{i}", date(2026, 11, 20), "C-1", "ACME", f"INV-{i}", D("1.00")) for i in range(12)]
    data = bai2(rows).replace(b"49,1200,", b"49,1300,").replace(b"98,1200,", b"98,1300,")
    data = data.replace(b"99,1200,", b"99,1300,")

    results = _parse(data)

    assert len([r for r in results if isinstance(r, RemittanceLine)]) == 12
    assert results[-1] == LineError(
        28,
        "BAI2 line 28 (49): wrong totals: the account control total 13.00 is not the sum of the account's amounts "
        "(03 and 16 records), 12.00. None of the account's lines count.",
    )


def test_blank_lines_crlf_and_a_bom_do_not_move_the_line_numbers() -> None:
    data = b"\xef\xbb\xbf" + GOOD.replace(b"\n", b"\r\n").replace(
        b"02,RECOUP,021000021,1,261121", b"\r\n02,RECOUP,021000021,1,261121"
    )

    results = _parse(data)

    assert [r.line for r in results] == [5, 6, 8, 9, 10, 11, 12, 18, 19]


async def test_a_bai2_file_applies_its_credits_and_the_mapped_short_pay(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")
    account = await factory.account("Lockbox Bank Co")
    first = await factory.invoice(account, total=D("100.00"))
    second = await factory.invoice(account, total=D("250.00"))
    third = await factory.invoice(account, total=D("300.00"))
    ach, cheque = f"ACH-{uuid.uuid4().hex[:8]}", f"CHK-{uuid.uuid4().hex[:8]}"
    content = (
        "01,021000021,RECOUP,261121,0600,1,80,,2/\n"
        "02,RECOUP,021000021,1,261120,2400,USD,2/\n"
        "03,0123456789,,/\n"
        f"16,165,33000,0,B1,{ach},N1*PR*LOCKBOX BANK CO*91*{account.number}\\\n"
        f"88,RMR*IV*{first.number}*PI*100.00*100.00\\\n"
        f"88,RMR*IV*{second.number}*PI*230.00*250.00\\ADX*-20.00*19\\\n"  # 19: duplicate billing
        f"16,115,30000,Z,L1,{cheque},{third.number} 300.00\n"
        "49,63000,6/\n"
        "98,63000,1,8/\n"
        "99,63000,1,10/\n"
    ).encode()

    # when
    result = await import_file(app, api, content, filename="lockbox.bai")

    # then
    assert result.job is not None and result.job.file_format == "bai2", result.answer
    assert (result.job.status, result.job.payments, result.job.deductions) == ("applied", 2, 1), result.job.message
    async with system_session(demo) as db:
        invoices = {
            i.id: (i.paid_amount, i.open_balance, i.disputed_amount)
            for i in (await db.execute(select(Invoice).where(Invoice.account_id == account.id))).scalars()
        }
        deduction = (await db.execute(select(Dispute).where(Dispute.invoice_id == second.id))).scalar_one()
    assert invoices == {
        first.id: (D("100.00"), D("0.00"), D("0.00")),
        second.id: (D("230.00"), D("20.00"), D("20.00")),
        third.id: (D("300.00"), D("0.00"), D("0.00")),
    }
    # "duplicate billing" names no reason by its words: DUPLICATE_BILLING comes from the x12 19 mapping
    assert (deduction.amount, deduction.reason_code, deduction.origin) == (
        D("20.00"),
        "DUPLICATE_BILLING",
        "remittance",
    )
    assert [(line.line, line.status) for line in sorted(result.lines, key=lambda line: line.line)] == [
        (5, "applied"),
        (6, "applied"),
        (7, "applied"),
    ]
