"""camt.053 / camt.054 files into remittance lines: what a clerk sees for good files, bad lines and refused files."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backend.domain.cash.formats import camt_entries
from backend.domain.cash.formats.camt import CHUNK, REFUSED, parse_camt053, parse_camt054
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine
from tests.support.remittance_files import Row, camt

SAMPLES = Path(__file__).parent / "samples"
D = Decimal


def _parse(name: str, parser=parse_camt054) -> list:  # type: ignore[no-untyped-def]
    with (SAMPLES / name).open("rb") as stream:
        return list(parser(stream))


def _rejected(name: str, parser=parse_camt054) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(FileRejected) as caught, (SAMPLES / name).open("rb") as stream:
        list(parser(stream))
    return str(caught.value)


def _brief(results: list) -> list:  # type: ignore[type-arg]
    return [
        (
            r.line,
            r.payment_reference,
            r.customer_number,
            r.customer_name,
            r.payment_amount,
            r.currency,
            r.invoice_reference,
            r.paid_amount,
            r.adjustment_amount,
            r.adjustment_scheme,
            r.adjustment_code,
            r.adjustment_text,
        )
        if isinstance(r, RemittanceLine)
        else r
        for r in results
    ]


def test_a_notification_gives_one_line_per_invoice_with_payer_short_pay_discount_and_skips_debits() -> None:
    results = _parse("camt054_good.xml")

    northwind = ("NW-PAY-2026-0456", "C-1001", "Northwind Traders GmbH", D("1230.00"), "EUR")
    fjord = ("FIN-88-3321", "C-1044", "Fjord Foods AS", D("840.00"), "EUR")
    assert _brief(results) == [
        (50, *northwind, "INV-20261001", D("500.00"), D("0.00"), "", "", ""),
        (60, *northwind, "INV-20261002", D("405.00"), D("45.00"), "iso20022", "DAMG", "Two cases damaged in transit"),
        (76, *northwind, "INV-20261003", D("325.00"), D("0.00"), "", "", ""),
        # EndToEndId NOTPROVIDED: the bank's reference; unstructured text trimmed; no customer id
        (
            86,
            "TX-778812-2",
            "",
            "Lakeside Deli",
            D("350.00"),
            "EUR",
            "Invoice 20261007 thank you",
            D("350.00"),
            D("0.00"),
            "",
            "",
            "",
        ),
        (125, *fjord, "INV-20261010", D("490.00"), D("10.00"), "iso20022", "STDS", "cash discount"),
        (132, *fjord, "INV-20261011", D("350.00"), D("0.00"), "", "", ""),
        LineSkipped(139, "camt.054 entry 3 (line 139): a debit of 17.50 EUR, not a customer payment; skipped."),
        LineSkipped(
            147,
            "camt.054 entry 4 (line 147): a reversal of an earlier entry (400.00 EUR), not a customer payment; skipped.",
        ),
    ]
    # the booking date-time's date, not the later value date
    assert {r.received_on for r in results if isinstance(r, RemittanceLine)} == {date(2026, 11, 20)}


def test_an_old_version_statement_reads_amount_details_plain_debtor_and_the_entry_amount_of_a_lone_transaction() -> (
    None
):
    results = _parse("camt053_good.xml", parse_camt053)

    assert _brief(results) == [
        (
            44,
            "BRIT-REMIT-7781",
            "C-2001",
            "Britannia Grocers Ltd",
            D("2000.00"),
            "GBP",
            "INV-20260901",
            D("1200.00"),
            D("0.00"),
            "",
            "",
            "",
        ),
        (
            48,
            "BRIT-REMIT-7781",
            "C-2001",
            "Britannia Grocers Ltd",
            D("2000.00"),
            "GBP",
            "INV-20260902",
            D("800.00"),
            D("50.00"),
            "iso20022",
            "PRIC",
            "Price agreed at 7.50 a case",
        ),
        # no Refs: the entry's AcctSvcrRef; no TxDtls amount and no RmtdAmt: the entry's amount
        (
            69,
            "BACS-55102",
            "",
            "Highland Farm Shop",
            D("746.00"),
            "GBP",
            "INV-20260915",
            D("746.00"),
            D("14.00"),
            "iso20022",
            "DSCNT",
            "cash discount",
        ),
        LineSkipped(78, "camt.053 entry 3 (line 78): a debit of 8.00 GBP, not a customer payment; skipped."),
    ]


def test_wrong_totals_of_an_entry_or_of_a_transaction_make_every_line_of_it_an_error() -> None:
    results = _parse("camt054_wrong_totals.xml")

    errors = [r for r in results if isinstance(r, LineError)]
    assert errors == [
        LineError(
            23,
            "camt.054 entry 1 (line 23): wrong totals: the transaction amounts add up to 1580.00, "
            "not to the entry amount 1600.00 EUR.",
        ),
        *[
            LineError(
                line,
                f"camt.054 entry 1, transaction {tx} (line {line}): not taken: camt.054 entry 1 (line 23) has wrong totals.",
            )
            for tx, line in ((1, 51), (1, 61), (1, 77), (2, 87))
        ],
        *[
            LineError(
                line,
                f"camt.054 entry 2, transaction 1 (line {line}): wrong totals: the remitted amounts (RmtdAmt) add up "
                "to 840.00, not to the transaction amount 850.00 EUR.",
            )
            for line in (126, 133)
        ],
    ]
    assert not [r for r in results if isinstance(r, RemittanceLine)]


def test_bad_amounts_and_dates_are_errors_of_their_lines_and_the_rest_is_read() -> None:
    results = _parse("camt054_bad_values.xml")

    assert [r for r in results if not isinstance(r, LineSkipped)][1:] == [
        LineError(
            61, "camt.054 entry 1, transaction 1 (line 61): the remitted amount (RmtdAmt) '405,00' is not an amount."
        ),
        LineError(
            77,
            "camt.054 entry 1, transaction 1 (line 77): the remitted amount (RmtdAmt) 325.005 has more than two decimals.",
        ),
        LineError(
            87,
            "camt.054 entry 1, transaction 2 (line 87): the transaction amount (Amt) -350.00 must be more than zero.",
        ),
        LineError(
            105,
            "camt.054 entry 2 (line 105): the booking date (BookgDt) '2026-11-31T11:42:10+01:00' is not a date (YYYY-MM-DD).",
        ),
        LineError(
            126, "camt.054 entry 2, transaction 1 (line 126): not taken: camt.054 entry 2 (line 105) has an error."
        ),
        LineError(
            133, "camt.054 entry 2, transaction 1 (line 133): not taken: camt.054 entry 2 (line 105) has an error."
        ),
    ]
    assert isinstance(results[0], RemittanceLine) and results[0].invoice_reference == "INV-20261001"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "camt054_truncated.xml",
            "The file is truncated or broken at line 132, column 39: Premature end of data in tag Nb line 132.",
        ),
        (
            "camt054_garbage.xml",
            "The file is not well-formed XML at line 4, column 54: Opening and ending tag mismatch: Ntry line 4 and Ntfctn.",
        ),
        (
            "camt054_not_camt.xml",
            "This is not a camt.054 file: its namespace is 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09', "
            "not urn:iso:std:iso:20022:tech:xsd:camt.054.001.xx.",
        ),
        (
            "camt054_summary_disagrees.xml",
            "camt.054 notification at line 10: wrong totals: its summary TtlNtries (line 18) says 5 entries for "
            "2837.50, but the notification has 4 entries for 2837.50.",
        ),
        ("camt054_external_entity.xml", REFUSED),
        ("camt054_billion_laughs.xml", REFUSED),
    ],
)
def test_a_file_that_cannot_be_read_as_a_whole_is_rejected_with_a_clear_sentence(name: str, message: str) -> None:
    assert _rejected(name) == message


def test_a_statement_is_not_read_as_a_notification_nor_the_other_way_round() -> None:
    assert _rejected("camt054_good.xml", parse_camt053) == "This is a camt.054 file, not a camt.053 file."
    assert _rejected("camt053_good.xml", parse_camt054) == "This is a camt.053 file, not a camt.054 file."


@pytest.mark.parametrize("data", [b"", b"   \n", b"\xff\xfe<\x00D\x00", b"PK\x03\x04 not xml at all"])
def test_empty_utf16_and_binary_files_are_rejected(data: bytes) -> None:
    with pytest.raises(FileRejected):
        list(parse_camt054(io.BytesIO(data)))


def test_a_doctype_split_across_two_chunks_is_still_refused() -> None:
    head = b'<?xml version="1.0"?>\n<!--' + b"x" * (CHUNK - 30) + b"-->"
    data = head + b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<Document/>'
    assert data.index(b"<!DOCTYPE") < CHUNK < data.index(b"<!DOCTYPE") + 9

    with pytest.raises(FileRejected, match="refused for safety"):
        list(parse_camt054(io.BytesIO(data)))


class _CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def _rows(payments: int, per_payment: int = 2, *, entry_per_payment: bool = False) -> list[Row]:
    """All on one day (one entry), or each payment on a day of its own (an entry each)."""
    return [
        Row(
            f"PAY-{p}",
            date.fromordinal(739000 + p * entry_per_payment),
            f"C-{p % 50}",
            "Acme",
            f"INV-{p}-{i}",
            D("10.00"),
        )
        for p in range(payments)
        for i in range(per_payment)
    ]


def test_lines_come_out_while_the_file_is_still_being_read() -> None:
    stream = _CountingStream(camt(_rows(3000, entry_per_payment=True)))
    results = parse_camt054(stream)

    first = next(results)

    assert isinstance(first, RemittanceLine)
    assert stream.taken < len(stream.getvalue()) / 2
    assert sum(1 for _ in results) == 5999


def test_an_entry_too_large_to_hold_is_let_out_and_its_wrong_totals_are_one_error_on_the_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(camt_entries, "ENTRY_BUFFER", 10)
    data = camt(_rows(20)).replace(b'<Amt Ccy="EUR">400.00</Amt>', b'<Amt Ccy="EUR">401.00</Amt>', 1)
    data = data.replace(b"<Sum>400.00</Sum>", b"<Sum>401.00</Sum>")

    results = list(parse_camt054(io.BytesIO(data)))

    assert len([r for r in results if isinstance(r, RemittanceLine)]) == 40
    assert results[-1] == LineError(
        8,
        "camt.054 entry 1 (line 8): wrong totals: the transaction amounts add up to 400.00, not to the entry amount "
        "401.00 EUR. None of its 20 transactions count.",
    )


def test_a_transaction_without_remittance_is_one_line_without_invoice_and_long_text_is_cut_at_140() -> None:
    data = camt(_rows(1, 1))
    strd = data[data.index(b"<Strd>") : data.index(b"</Strd>") + 7]
    no_remittance = data.replace(b"<RmtInf>", b"<Foo>").replace(b"</RmtInf>", b"</Foo>").replace(strd, b"")
    long_text = data.replace(strd, b"<Ustrd>" + b"A" * 200 + b"</Ustrd>")

    (plain,) = parse_camt054(io.BytesIO(no_remittance))
    (text,) = parse_camt054(io.BytesIO(long_text))

    assert isinstance(plain, RemittanceLine) and (plain.invoice_reference, plain.paid_amount) == ("", D("10.00"))
    assert isinstance(text, RemittanceLine) and text.invoice_reference == "A" * 140
