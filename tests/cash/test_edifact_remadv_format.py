"""EDIFACT REMADV files into remittance lines: envelopes, counts, character sets and adjustments, as a clerk
reads them."""

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
from backend.domain.cash.formats import edifact_messages
from backend.domain.cash.formats.edifact_remadv import parse_edifact_remadv
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from tests.support.api import Api
from tests.support.imports import import_file
from tests.support.remittance_files import brief

SAMPLES = Path(__file__).parent / "samples"
D = Decimal
GOOD = (SAMPLES / "edifact_remadv_good.edi").read_bytes()


def _parse(data: bytes) -> list[Any]:
    return list(parse_edifact_remadv(io.BytesIO(data)))


def _rejected(data: bytes) -> str:
    with pytest.raises(FileRejected) as caught:
        _parse(data)
    return str(caught.value)


def _interchange(*messages: list[str]) -> bytes:
    """One interchange of REMADV messages, each of its segments (UNH and UNT added)."""
    segments = ["UNA:+.? ", "UNB+UNOC:3+SENDER:14+RECOUP:14+261121:0600+7"]
    for number, message in enumerate(messages, 1):
        segments += [f"UNH+{number}+REMADV:D:96A:UN", *message, f"UNT+{len(message) + 2}+{number}"]
    segments.append(f"UNZ+{len(messages)}+7")
    return "'\n".join(segments).encode("latin-1") + b"'\n"


def _message(*segments: str) -> bytes:
    return _interchange(list(segments))


HEADER = ("BGM+481+RA-9+9", "DTM+137:20261121:102", "RFF+PQ:PAY-9", "NAD+PR+C-1::91++ACME")


def test_each_doc_group_is_a_line_with_its_paid_amount_and_mapped_adjustment() -> None:
    results = _parse(GOOD)

    sepa = ("SEPA-20261120-0091", date(2026, 11, 20), "C-3001", "MEGAMART STORES INC", D("2455.00"), "EUR")
    advice = ("RA-20261121-02", date(2026, 11, 21), "C-3017", "K+S M:rkte Größe", D("1470.00"), "")
    assert brief(results) == [
        # the payment from the header: RFF+PQ, DTM+171 before DTM+137, NAD+PR, MOA+9 after UNS with its currency
        (12, *sepa, "INV-20261101", D("1000.00"), D("0.00"), "", "", ""),
        # AJT+3 with its MOA and FTX: the 4465 code for the edifact mapping, the free text kept
        (16, *sepa, "INV-20261102", D("855.00"), D("45.00"), "edifact", "3", "3 CASES RECEIVED DAMAGED"),
        # a decimal comma; AJT+9 without FTX: the code's meaning
        (22, *sepa, "INV-20261103", D("600.00"), D("30.00"), "edifact", "9", "invoice error"),
        # no RFF: the BGM number; released characters (?+ ?:) and a Latin-1 byte (UNOC); MOA+52 a cash discount
        (34, *advice, "INV-20261110", D("980.00"), D("20.00"), "", "", "cash discount"),
        (37, *advice, "INV-20261111", D("490.00"), D("0.00"), "", "", ""),
    ]
    assert all(type(r.paid_amount) is Decimal for r in results)


def test_a_wrong_unt_count_is_an_error_of_that_message() -> None:
    results = _parse((SAMPLES / "edifact_remadv_wrong_count.edi").read_bytes())

    reason = "not taken: EDIFACT REMADV message 1 (segment 3) has an error (segment 29)."
    assert results[:4] == [
        *[LineError(segment, f"EDIFACT segment {segment} (DOC): {reason}") for segment in (12, 16, 22)],
        LineError(29, "EDIFACT segment 29 (UNT): it counts 25 segments; the message has 27."),
    ]
    assert [r.line for r in results[4:] if isinstance(r, RemittanceLine)] == [34, 37]


def test_documents_that_do_not_add_up_to_the_payment_amount_are_wrong_totals() -> None:
    results = _parse((SAMPLES / "edifact_remadv_wrong_totals.edi").read_bytes())

    reason = "not taken: EDIFACT REMADV message 1 (segment 3) has wrong totals (segment 28)."
    assert results[:4] == [
        *[LineError(segment, f"EDIFACT segment {segment} (DOC): {reason}") for segment in (12, 16, 22)],
        LineError(
            28,
            "EDIFACT segment 28 (MOA): wrong totals: the documents' paid amounts (MOA+12) add up to 2455.00, "
            "not to the payment amount 2500.00 (MOA+9).",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "edifact_remadv_truncated.edi",
            "The file ends after segment 36 inside the message of segment 30 (no UNT): it is truncated.",
        ),
        (
            "edifact_remadv_garbage.edi",
            "Segment 19 does not start with a segment tag ('\\x89PNG\\r\\n\\x1a\\n'): the file is damaged or not EDIFACT.",
        ),
        (
            # UNB says UTF-8 (UNOY), the payer's name is written in Latin-1
            "edifact_remadv_not_utf8.edi",
            "Segment 33 (NAD) has the byte 0xF6, which is not UNOY (utf-8) text as the UNB segment says: ask the "
            "sender to name the character set the file is written in (UNOC for Latin-1, UNOY for UTF-8).",
        ),
    ],
)
def test_a_file_that_cannot_be_read_as_a_whole_is_rejected(name: str, message: str) -> None:
    assert _rejected((SAMPLES / name).read_bytes()) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            GOOD.replace(b"UNZ+2+REM000042", b"UNZ+3+REM000042"),
            "Segment 42 (UNZ) counts 3 messages or groups; there are 2.",
        ),
        (
            GOOD.replace(b"UNZ+2+REM000042", b"UNZ+2+REM000043"),
            "Segment 42 (UNZ): its control reference 'REM000043' is not the UNB's 'REM000042'.",
        ),
        (GOOD[: GOOD.index(b"UNZ")], "The file ends after segment 41 without its UNZ segment: it is truncated."),
        (GOOD[:-10], "The file stops in the middle of segment 42: it is truncated."),
        (
            GOOD.replace(b"UNT+12+2'", b""),
            "Segment 41 (UNZ) comes before the UNT of the message of segment 30: that message is truncated.",
        ),
        (GOOD.replace(b"UNH+2+REMADV:D:96A:UN'", b""), "Segment 30 (BGM) is outside a message (UNH … UNT)."),
        (
            GOOD.replace(b"UNB+UNOC:3", b"UNB+UNOX:3"),
            "The UNB segment names the character set 'UNOX'; UNOA to UNOK, UNOW and UNOY are read.",
        ),
        (
            GOOD.replace(b"UNB+UNOC", b"UNB+UNOA"),
            "Segment 33 (NAD) has the byte 0xF6, which is not UNOA (ascii) text "
            "as the UNB segment says: ask the sender to name the character set the file is written in (UNOC for "
            "Latin-1, UNOY for UTF-8).",
        ),
        (b"UNA:+", "The UNA segment is cut short: it must give six service characters."),
        (b"ISA*00*", "The file does not start with a UNA or UNB segment, so it is not an EDIFACT interchange."),
        (b"", "The file does not start with a UNA or UNB segment, so it is not an EDIFACT interchange."),
    ],
)
def test_broken_envelopes_and_truncation_reject_the_file(data: bytes, message: str) -> None:
    assert _rejected(data) == message


def test_other_service_characters_are_taken_from_the_una_segment() -> None:
    data = GOOD.replace(b"UNA:+.? '", b"UNA|*.! ~").replace(b"'", b"~").replace(b"?", b"!").replace(b"+", b"*")
    data = data.replace(b":", b"|")

    assert [(r.invoice_reference, r.customer_name) for r in _parse(data)] == [
        ("INV-20261101", "MEGAMART STORES INC"),
        ("INV-20261102", "MEGAMART STORES INC"),
        ("INV-20261103", "MEGAMART STORES INC"),
        ("INV-20261110", "K*S M|rkte Größe"),
        ("INV-20261111", "K*S M|rkte Größe"),
    ]


def test_an_unknown_segment_spoils_its_message_and_bad_values_are_errors_at_their_segment() -> None:
    data = _interchange(
        [*HEADER, "XYZ+1", "DOC+380+INV-1", "MOA+12:10.00"],
        ["BGM+481+RA-10+9", "DTM+137:20261131:102", "DOC+380+INV-2", "MOA+12:10.00"],
    )

    results = _parse(data)

    assert results == [
        LineError(8, "EDIFACT segment 8 (XYZ): XYZ is not a segment of a REMADV message."),
        LineError(
            9, "EDIFACT segment 9 (DOC): not taken: EDIFACT REMADV message 1 (segment 3) has an error (segment 8)."
        ),
        LineError(14, "EDIFACT segment 14 (DTM): the date (DTM+137) '20261131' is not a date (CCYYMMDD)."),
        LineError(
            15, "EDIFACT segment 15 (DOC): not taken: EDIFACT REMADV message 2 (segment 12) has an error (segment 14)."
        ),
    ]


@pytest.mark.parametrize(
    ("segments", "errors"),
    [
        (
            ["DOC+380+INV-1", "MOA+12:85O.00"],
            [(8, "EDIFACT segment 9 (MOA): the paid amount (MOA+12) '85O.00' is not an amount.")],
        ),
        (
            ["DOC+380", "MOA+12:10.00"],
            [(8, "EDIFACT segment 8 (DOC): the document number (DOC C503, 1004) is missing.")],
        ),
        (
            ["DOC+380+INV-1", "MOA+39:10.00"],
            [(8, "EDIFACT segment 8 (DOC): the document has no MOA+12, MOA+11 or MOA+9 (amount paid).")],
        ),
        (
            ["DOC+381+CN-1", "MOA+12:-10.00"],
            [
                (3, "EDIFACT segment 3 (UNH): the documents add up to -10.00 and no MOA+9 says what is paid."),
                (
                    8,
                    "EDIFACT segment 9 (MOA): the paid amount (MOA+12) -10.00 is negative: a credit note cannot be "
                    "applied here.",
                ),
            ],
        ),
        (
            ["DTM+171:20261121:718", "DOC+380+INV-1", "MOA+12:10.00"],
            [
                (
                    8,
                    "EDIFACT segment 8 (DTM): the date (DTM+171) has the date format 718; 102 (CCYYMMDD), 203, 204 or "
                    "101 are read.",
                ),
                (
                    9,
                    "EDIFACT segment 9 (DOC): not taken: EDIFACT REMADV message 1 (segment 3) has an error (segment 8).",
                ),
            ],
        ),
    ],
)
def test_a_document_that_cannot_be_read_is_an_error_at_its_segment(
    segments: list[str], errors: list[tuple[int, str]]
) -> None:
    results = _parse(_message(*HEADER, *segments))

    assert [(r.line, r.message) for r in results if isinstance(r, LineError)] == errors


@pytest.mark.parametrize(
    ("dtm", "received_on"),
    [
        ("DTM+171:202611201200:203", date(2026, 11, 20)),
        ("DTM+171:261119:101", date(2026, 11, 19)),
        ("DTM+3:20261001:102", date(2026, 11, 21)),
    ],
)
def test_the_payment_date_is_dtm_171_before_dtm_137_in_any_of_the_date_formats(dtm: str, received_on: date) -> None:
    results = _parse(_message(*HEADER, dtm, "DOC+380+INV-1", "MOA+12:10.00"))

    assert [r.received_on for r in results] == [received_on]


def test_without_moa_9_the_documents_are_the_payment_and_without_documents_the_amount_is_one_line() -> None:
    summed = _parse(_message(*HEADER, "DOC+380+INV-1", "MOA+12:10.00", "DOC+380+INV-2", "MOA+9:5.50"))
    bare = _parse(_message(*HEADER, "MOA+9:12.00:USD"))

    assert [(r.invoice_reference, r.paid_amount, r.payment_amount) for r in summed] == [
        ("INV-1", D("10.00"), D("15.50")),
        ("INV-2", D("5.50"), D("15.50")),
    ]
    assert [(r.line, r.invoice_reference, r.paid_amount, r.currency) for r in bare] == [(3, "", D("12.00"), "USD")]


def test_other_messages_and_cancellations_are_skipped() -> None:
    invoice = _parse(_message("BGM+380+INV-1+9").replace(b"REMADV", b"INVOIC"))
    cancelled = _parse(_message("BGM+481+RA-9+1", "DTM+137:20261121:102", "DOC+380+INV-1", "MOA+12:10.00"))

    assert invoice == [
        LineSkipped(3, "EDIFACT INVOIC message 1 (segment 3): not a remittance advice (REMADV); skipped.")
    ]
    assert cancelled == [
        LineSkipped(3, "EDIFACT REMADV message 1 (segment 3): a cancellation (BGM 1225 = 1), not a payment; skipped.")
    ]


def test_a_message_too_large_to_hold_is_let_out_and_its_wrong_totals_are_one_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(edifact_messages, "MESSAGE_BUFFER", 5)
    documents = [segment for i in range(12) for segment in (f"DOC+380+INV-{i}", "MOA+12:1.00")]

    results = _parse(_message(*HEADER, "MOA+9:13.00", *documents))

    assert len([r for r in results if isinstance(r, RemittanceLine)]) == 12
    assert results[-1] == LineError(
        8,
        "EDIFACT segment 8 (MOA): wrong totals: the documents' paid amounts (MOA+12) add up to 12.00, not to the "
        "payment amount 13.00 (MOA+9). None of the message's lines count.",
    )


async def test_an_edifact_remittance_applies_its_documents_and_the_mapped_adjustment(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")
    account = await factory.account("Handel GmbH")
    first = await factory.invoice(account, total=D("100.00"))
    second = await factory.invoice(account, total=D("250.00"))
    content = _message(
        "BGM+481+RA-1+9",
        "DTM+137:20261121:102",
        f"RFF+PQ:SEPA-{uuid.uuid4().hex[:8]}",
        f"NAD+PR+{account.number}::91++Handel GmbH",
        "CUX+2:USD:11",
        f"DOC+380+{first.number}",
        "MOA+12:100.00",
        f"DOC+380+{second.number}",
        "MOA+12:230.00",
        "MOA+39:250.00",
        "AJT+9",  # invoice error
        "MOA+165:-20.00",
        "UNS+S",
        "MOA+9:330.00:USD",
    )

    # when
    result = await import_file(app, api, content, filename="remadv.edi")

    # then
    assert result.job is not None and result.job.file_format == "edifact_remadv", result.answer
    assert (result.job.status, result.job.payments, result.job.deductions) == ("applied", 1, 1), result.job.message
    async with system_session(demo) as db:
        invoices = {
            i.id: (i.paid_amount, i.open_balance, i.disputed_amount)
            for i in (await db.execute(select(Invoice).where(Invoice.account_id == account.id))).scalars()
        }
        deduction = (await db.execute(select(Dispute).where(Dispute.invoice_id == second.id))).scalar_one()
    assert invoices == {
        first.id: (D("100.00"), D("0.00"), D("0.00")),
        second.id: (D("230.00"), D("20.00"), D("20.00")),
    }
    # "invoice error" names no reason by its words: PRICING comes from the edifact 9 mapping
    assert (deduction.amount, deduction.reason_code, deduction.origin) == (D("20.00"), "PRICING", "remittance")
